"""Tests of geo.survey."""
