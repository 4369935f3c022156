"""Tests of geo.editing."""
