"""Management commands of the search plugin."""
