"""`python -m qxmap` runs the same command line as the `qxmap` script."""
import sys

from qxmap.cli import main

sys.exit(main())
