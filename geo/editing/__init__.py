"""Writes on behalf of a person: role checks, forms, links, the pledge editor."""
