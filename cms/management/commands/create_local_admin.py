"""``manage.py create_local_admin``: a local superuser for development."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Run by ``make setup``; see ``help``. Not for production."""

    help = (
        "Create a local superuser 'admin' with a random password, once, and print the credentials. "
        "The password is kept in var/admin-password.txt so that later runs can show it again."
    )

    def handle(self, *args, **options) -> None:
        """Create the superuser ``admin`` with a random password once (kept in
        ``var/admin-password.txt``, mode 0600) and print the login; later runs print the kept
        password or how to set one.
        """
        User = get_user_model()
        password_file = settings.VAR_DIR / "admin-password.txt"
        user = User.objects.filter(username="admin").first()
        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@localhost", password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        elif password_file.exists():
            password = password_file.read_text().strip()
        else:
            password = "(unchanged; set it with: python manage.py changepassword admin)"
        self.stdout.write(
            self.style.SUCCESS(f"Admin login: username 'admin', password '{password}'")
        )
