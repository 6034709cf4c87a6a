"""The core's ``manage.py`` commands; ``make setup`` runs the set-up ones in order."""
