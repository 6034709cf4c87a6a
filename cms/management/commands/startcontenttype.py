"""``manage.py startcontenttype``: a new content-type plugin that works right after generation.

Writes the plugin package beside ``cms/`` and its tests under ``tests/<name>/`` (where the suite
collects them), enables it in ``cms.plugin.enabled.BUILTIN_PLUGINS``, creates its first migration, adds
its German labels to the gettext catalogs and refreshes the OpenAPI snapshot, whose new types are
the intended change of the API contract. It stops at the first failing step and then undoes every
change, so a failed run leaves the checkout as it was.
"""

from __future__ import annotations

import ast
import importlib.util
import keyword
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.template import Context, Engine

from cms.plugin.registry import registry

TEMPLATES = Path(__file__).resolve().parents[2] / "plugin" / "scaffold"
SNAKE = re.compile(r"[a-z][a-z0-9_]*")
PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")
BUILTIN = re.compile(r"^BUILTIN_PLUGINS = \((?P<items>[^)]*)\)", re.MULTILINE)
#: Characters a label may not hold: it is written into Python string literals.
UNSAFE_LABEL = re.compile(r'["\\\x00-\x1f]')


def pascal(snake: str) -> str:
    """``job_offer`` → ``JobOffer``: each underscore-separated part title-cased."""
    return "".join(part.title() for part in snake.split("_"))


class Command(BaseCommand):
    """See the module docstring and ``help``; docs/plugins.md walks through it."""

    help = (
        "Create a content-type plugin (page model on BodyBlock, API and search fields, demo content, "
        "migration, factory and tests under tests/NAME/) and enable it. Run from the repository "
        "root; see docs/plugins.md."
    )

    def add_arguments(self, parser) -> None:
        """``name`` (package and app label, snake_case), ``--api-name``, ``--model``,
        ``--verbose-name`` (required, German), ``--verbose-name-plural``, ``--english-name``,
        ``--english-name-plural``.
        """
        parser.add_argument(
            "name", help="Python package and app label, English snake_case, e.g. 'jobs'."
        )
        parser.add_argument(
            "--api-name",
            default=None,
            help="Public key of the type in the API ('type' in JSON), English snake_case, "
            "e.g. 'job_offer' (default: NAME).",
        )
        parser.add_argument(
            "--model",
            default=None,
            help="Page model class, English PascalCase, e.g. 'JobOfferPage' "
            "(default: from the API name, e.g. 'JobOfferPage' for 'job_offer').",
        )
        parser.add_argument(
            "--verbose-name",
            required=True,
            help="German name editors see, e.g. 'Stellenangebot'.",
        )
        parser.add_argument(
            "--verbose-name-plural",
            default=None,
            help="German plural, e.g. 'Stellenangebote' (default: the singular).",
        )
        parser.add_argument(
            "--english-name",
            default=None,
            help="English translation of the name for locale/en, e.g. 'Job offer'.",
        )
        parser.add_argument(
            "--english-name-plural",
            default=None,
            help="English plural for locale/en, e.g. 'Job offers'.",
        )

    # --- validation ----------------------------------------------------------------------------

    def validate(self, name: str, api_name: str, model: str, labels: list[str | None]) -> None:
        """Refuse, before anything is written, what would not work or would clash."""
        root = Path(settings.BASE_DIR)
        if not SNAKE.fullmatch(name) or keyword.iskeyword(name):
            raise CommandError(f"{name!r} is no package name: use English snake_case, e.g. 'jobs'.")
        if name in apps.app_configs or importlib.util.find_spec(name) is not None:
            raise CommandError(
                f"{name!r} is already an installed app or an importable Python module; "
                "choose another name."
            )
        for path in (root / name, root / "tests" / name):
            if path.exists():
                raise CommandError(f"{path} exists already; choose another name.")
        if not SNAKE.fullmatch(api_name):
            raise CommandError(
                f"--api-name {api_name!r}: use English snake_case, e.g. 'job_offer'."
            )
        if registry.by_api_name(api_name) is not None:
            raise CommandError(f"--api-name {api_name!r} is taken by another content type.")
        if not PASCAL.fullmatch(model) or keyword.iskeyword(model):
            raise CommandError(f"--model {model!r}: use English PascalCase, e.g. 'JobOfferPage'.")
        for label in labels:
            if label is not None and (not label.strip() or UNSAFE_LABEL.search(label)):
                raise CommandError(
                    f"The name {label!r} must be non-empty and hold no quotes or backslashes."
                )

    # --- the steps -----------------------------------------------------------------------------

    def handle(self, **options) -> None:
        """Validate the names (:meth:`validate`), then write, enable, check, migrate, translate and
        refresh the snapshot step by step. Raises ``CommandError`` for invalid or clashing names
        and for the first failing step, after restoring every file it changed and removing what
        it wrote.
        """
        name = options["name"]
        api_name = options["api_name"] or name
        model = options["model"] or f"{pascal(api_name)}Page"
        verbose_name = options["verbose_name"]
        verbose_name_plural = options["verbose_name_plural"] or verbose_name
        english = {
            verbose_name: options["english_name"],
            verbose_name_plural: options["english_name_plural"] or options["english_name"],
        }
        self.validate(
            name,
            api_name,
            model,
            [verbose_name, verbose_name_plural, *english.values()],
        )
        root = Path(settings.BASE_DIR)
        context = {
            "app_name": name,
            "camel_case_app_name": pascal(name),
            "api_name": api_name,
            "model": model,
            "model_lower": model.lower(),
            "model_stem": model.removesuffix("Page") or model,
            "schema_name": pascal(api_name),
            "slug": api_name.replace("_", "-"),
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name_plural,
        }
        created = [root / name, root / "tests" / name]
        kept = {
            path: path.read_bytes()
            for path in (
                root / "cms" / "plugin" / "enabled.py",
                root / "locale" / "de" / "LC_MESSAGES" / "django.po",
                root / "locale" / "en" / "LC_MESSAGES" / "django.po",
                root / "clients" / "openapi.json",
            )
            if path.exists()
        }
        try:
            self.step("Writing the plugin and its tests")
            self.render(TEMPLATES / "plugin", root / name, context)
            self.render(TEMPLATES / "tests", root / "tests" / name, context)
            self.enable(root / "cms" / "plugin" / "enabled.py", name)
            self.ruff(
                root, [root / name, root / "tests" / name, root / "cms" / "plugin" / "enabled.py"]
            )
            self.step("Checking the registration (manage.py check)")
            self.manage(root, "cms.settings.test", "check")
            self.step("Creating the initial migration")
            self.manage(root, None, "makemigrations", name)
            self.step("Adding the German labels to the gettext catalogs")
            self.manage(root, None, "update_catalogs")
            self.translate(root, english)
            self.step("Refreshing the OpenAPI snapshot (the API contract gains the new type)")
            self.refresh_snapshot(root)
        except BaseException:
            self.stderr.write("Undoing the changes of this run …")
            for path in created:
                shutil.rmtree(path, ignore_errors=True)
            for path, content in kept.items():
                path.write_bytes(content)
            raise
        self.stdout.write(
            self.style.SUCCESS(
                f"Plugin {name!r} created and enabled: {model} served as type {api_name!r}.\n"
                f"  plugin:  {name}/ (apps.py, models.py, blocks.py, demo.py, migrations/)\n"
                f"  tests:   tests/{name}/ (factories.py, test_{name}.py)\n"
                f"  changed: cms/plugin/enabled.py, locale/*/LC_MESSAGES/django.po, "
                f"clients/openapi.json\n"
                f"Next: .venv/bin/python manage.py migrate && "
                f".venv/bin/python -m pytest tests/{name}"
            )
        )

    def step(self, message: str) -> None:
        """Announce a step on stdout (``==> message …``)."""
        self.stdout.write(f"==> {message} …")

    def render(self, source: Path, target: Path, context: dict) -> None:
        """Render every ``*-tpl`` file below ``source`` into ``target`` (``app_name`` in a file
        name becomes the plugin's name), as Django's ``startapp`` does."""
        engine = Engine()
        for template in sorted(source.rglob("*-tpl")):
            relative = template.relative_to(source).with_name(
                template.name.removesuffix("-tpl").replace("app_name", context["app_name"])
            )
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            text = engine.from_string(template.read_text(encoding="utf-8"))
            path.write_text(text.render(Context(context, autoescape=False)), encoding="utf-8")

    def enable(self, plugins_py: Path, name: str) -> None:
        """Append ``name`` to ``BUILTIN_PLUGINS`` in cms/plugin/enabled.py."""
        text = plugins_py.read_text(encoding="utf-8")
        match = BUILTIN.search(text)
        if match is None:
            raise CommandError(f"No 'BUILTIN_PLUGINS = (...)' found in {plugins_py}.")
        value = ast.literal_eval(f"({match['items']})")
        items = [*([value] if isinstance(value, str) else value), name]
        listed = ", ".join(f'"{item}"' for item in items)
        plugins_py.write_text(
            text[: match.start()] + f"BUILTIN_PLUGINS = ({listed})" + text[match.end() :],
            encoding="utf-8",
        )

    def ruff(self, root: Path, paths: list[Path]) -> None:
        """Sort imports and format the written files, when ruff (a dev dependency) is there."""
        if importlib.util.find_spec("ruff") is None:
            return
        for args in (["check", "--fix", "--quiet"], ["format", "--quiet"]):
            self.run(root, [sys.executable, "-m", "ruff", *args, *map(str, paths)], os.environ)

    def manage(self, root: Path, settings_module: str | None, *args: str) -> None:
        """Run ``manage.py <args>`` in a subprocess from ``root`` (with ``settings_module`` when
        given), so it sees the newly written plugin; ``CommandError`` if it fails.
        """
        environment = dict(os.environ)
        if settings_module:
            environment["DJANGO_SETTINGS_MODULE"] = settings_module
        self.run(root, [sys.executable, str(root / "manage.py"), *args], environment)

    def translate(self, root: Path, english: dict[str, str | None]) -> None:
        """Fill the English entries of the new labels given on the command line."""
        wanted = {msgid: text for msgid, text in english.items() if text}
        if not wanted:
            return
        path = root / "locale" / "en" / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(path), wrapwidth=100)
        for entry in catalog:
            if entry.msgid in wanted and not entry.msgstr:
                entry.msgstr = wanted[entry.msgid]
        catalog.save()
        call_command("compile_catalogs", stdout=self.stdout)

    def refresh_snapshot(self, root: Path) -> None:
        """Write the OpenAPI snapshot as the documented refresh does (a pytest run)."""
        test = root / "tests" / "api" / "test_openapi.py"
        if not test.exists() or importlib.util.find_spec("pytest") is None:
            self.stdout.write(
                "    (skipped: pytest or tests/api/test_openapi.py missing; refresh the snapshot "
                "with UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py)"
            )
            return
        # pytest.ini_options name the test settings; manage.py has set its own in the environment.
        environment = {**os.environ, "UPDATE_OPENAPI_SNAPSHOT": "1"}
        environment.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        self.run(root, [*command, f"{test}::test_openapi_matches_snapshot"], environment)

    def run(self, root: Path, command: list[str], environment) -> None:
        """Run ``command`` in ``root`` with ``root`` on ``PYTHONPATH``; raises ``CommandError`` with
        the last 4,000 characters of its output when it exits non-zero.
        """
        environment = dict(environment)
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(root), *filter(None, [environment.get("PYTHONPATH")])]
        )
        result = subprocess.run(
            command, cwd=root, env=environment, capture_output=True, text=True, check=False
        )
        if result.returncode:
            output = (result.stdout + result.stderr).strip()
            raise CommandError(f"{' '.join(command[1:])} failed:\n{output[-4000:]}")
