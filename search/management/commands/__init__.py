"""``search_rebuild`` and ``search_retry``."""
