"""The web map: layers, the compact payload, styles, simplification, the map page's data."""
