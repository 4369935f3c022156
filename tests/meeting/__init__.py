"""Tests of geo.meeting."""
