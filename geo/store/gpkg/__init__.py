"""The GeoPackage store: one file per installation (:mod:`geo.store.gpkg.store.store`)."""
