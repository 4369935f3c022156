"""Tests of geo.spatial."""
