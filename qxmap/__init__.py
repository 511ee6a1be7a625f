"""qxmap (清溪基建地图): a map viewer for the infrastructure projects of Qingxi town.

Everything directly in this package is plain Python (no Qt): loading,
checking, filtering, storing and exporting data.  The desktop screen lives
under :mod:`qxmap.ui` only.
"""
__version__ = "0.1.0"
