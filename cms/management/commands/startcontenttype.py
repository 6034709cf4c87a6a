import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.templates import TemplateCommand

TEMPLATE = Path(__file__).resolve().parents[2] / "scaffold" / "plugin"


class Command(TemplateCommand):
    help = (
        "Scaffold a content-type plugin (models, blocks, demo content, migration, tests) that "
        "passes its own tests right after generation. Enable it with CMS_EXTRA_PLUGINS=NAME."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="Python package and app label, e.g. 'veranstaltungen'.")
        parser.add_argument(
            "--directory", default=None, help="Folder to create the plugin in (default: here)."
        )
        parser.add_argument(
            "--verbose-name",
            default=None,
            help="German name shown to editors, e.g. 'Veranstaltung'.",
        )

    def handle(self, **options) -> None:
        name = options.pop("name")
        parent = Path(options.pop("directory") or os.getcwd()).resolve()
        target = parent / name
        if target.exists():
            raise CommandError(f"{target} exists already; choose another name or directory.")
        self.validate_name(name)
        verbose_name = options.pop("verbose_name") or name.replace("_", " ").title()
        target.mkdir(parents=True)
        super().handle(
            "app",
            name,
            str(target),
            template=str(TEMPLATE),
            extensions=["py"],
            files=[],
            verbose_name=verbose_name,
            **options,
        )
        self.stdout.write(f"Files written to {target}; creating the initial migration …")
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(parent), str(settings.BASE_DIR)]),
            "CMS_EXTRA_PLUGINS": name,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        }
        result = subprocess.run(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), "makemigrations", name],
            env=environment,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"makemigrations failed:\n{result.stdout}{result.stderr}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Plugin '{name}' created. Enable it with CMS_EXTRA_PLUGINS={name}; "
                f"test it with: CMS_EXTRA_PLUGINS={name} pytest {target / 'tests'}"
            )
        )
