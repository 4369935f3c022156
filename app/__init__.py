"""The Streamlit side: caching wrappers and page components (``geo/`` has the logic)."""
