"""The Qt desktop screen of qxmap. Nothing outside this package imports Qt."""
