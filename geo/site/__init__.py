"""The published static site of a municipality (``python -m geo publish``)."""
