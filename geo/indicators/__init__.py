"""Indicators imported from official statistics: reported crimes from Brå (issue 19)."""
