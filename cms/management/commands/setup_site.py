from django.conf import settings
from django.core.management.base import BaseCommand
from wagtail.models import Locale


class Command(BaseCommand):
    help = "Create the content locales (German first, then English). Safe to run repeatedly."

    def handle(self, *args, **options) -> None:
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            _locale, created = Locale.objects.get_or_create(language_code=code)
            state = "created" if created else "present"
            self.stdout.write(f"Locale {code}: {state}")
