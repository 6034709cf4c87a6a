"""Management commands of the core (``manage.py help`` lists them)."""
