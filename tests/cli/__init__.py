"""Tests of geo.cli."""
