"""Places: municipality boundaries, police areas, regions, public generalisation."""
