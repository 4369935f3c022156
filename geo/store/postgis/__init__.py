"""The PostGIS store: a shared database (:mod:`geo.store.postgis.store.store`)."""
