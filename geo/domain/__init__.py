"""The domain: records, vocabularies, checks, the layer registry, filters, periods."""
