"""`python main.py` runs qxmap from a checkout, as the `qxmap` command does."""
import sys

from qxmap.cli import main

if __name__ == "__main__":
    sys.exit(main())
