"""Tests of geo.access."""
