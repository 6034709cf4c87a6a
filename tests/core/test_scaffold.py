"""``manage.py startcontenttype``, run as docs/plugins.md says: from the repository root.

The plugin made here is named ``vacancies`` (``vacancy``, ``VacancyPage``), not docs/plugins.md's
``jobs``: a newcomer who followed the docs has a ``jobs`` plugin in the checkout, and the suite
must pass right after that.

The real run happens in a throw-away copy of the checkout (the command writes into the project);
the checkout itself is never written to.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
#: Never copied: environments, databases, caches, generated front-end and test output.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "var", "node_modules", "__pycache__", "test-artifacts", ".search-engine",
    ".pytest_cache", ".ruff_cache", "*.egg-info", "results", "dist", ".astro", "generated",
)  # fmt: skip
COMMAND = [
    "manage.py", "startcontenttype", "vacancies", "--api-name", "vacancy", "--model", "VacancyPage",
    "--verbose-name", "Stellenangebot", "--verbose-name-plural", "Stellenangebote",
    "--english-name", "Job offer", "--english-name-plural", "Job offers",
]  # fmt: skip


#: What the command writes to; a run that fails or is refused leaves each as it was.
WRITTEN = [
    "vacancies",
    "tests/vacancies",
    "cms/plugin/enabled.py",
    "locale/de/LC_MESSAGES/django.po",
    "locale/en/LC_MESSAGES/django.po",
    "clients/openapi.json",
]


def tree(root: Path) -> dict[str, str]:
    """Every source file below ``root`` (no caches, databases or compiled catalogs), hashed."""
    skipped = {"__pycache__", "var", ".ruff_cache", ".git", ".venv", "node_modules"}
    found = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if d not in skipped]
        for name in files:
            path = Path(folder, name)
            if path.suffix != ".mo":
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[str(path.relative_to(root))] = digest
    return found


def written(root: Path) -> dict[str, str | None]:
    """The hashes of what the command writes to in ``root`` (``None``: absent)."""
    return {
        name: hashlib.sha256((root / name).read_bytes()).hexdigest()
        if (root / name).is_file()
        else ("folder" if (root / name).exists() else None)
        for name in WRITTEN
    }


def run(copy: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """``args`` in ``copy`` with this interpreter, as a developer's shell would run them."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DJANGO_", "CMS_")) and key != "DATABASE_URL"
    }
    environment.update(DATABASE_URL=f"sqlite:///{copy / 'var' / 'db.sqlite3'}", **env)
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=environment, capture_output=True, text=True
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the checkout, as a newcomer has it after ``git clone`` (plus ``var/``)."""
    copy = tmp_path / "cms"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    (copy / "var").mkdir()
    return copy


def test_a_new_content_type_from_the_repository_root_passes_its_tests_and_the_suite(copy):
    before = written(ROOT)
    pristine = tree(copy)

    # A failing step (here: the API name is taken by the test-only events plugin, which only the
    # test settings install) undoes everything the run wrote.
    failed = run(copy, *[("event" if arg == "vacancy" else arg) for arg in COMMAND])
    assert failed.returncode == 1
    assert "cms.E001" in failed.stderr and "Undoing the changes" in failed.stderr
    assert tree(copy) == pristine

    result = run(copy, *COMMAND)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in [
        "vacancies/apps.py",
        "vacancies/models.py",
        "vacancies/blocks.py",
        "vacancies/demo.py",
        "vacancies/migrations/0001_initial.py",
        "tests/vacancies/__init__.py",
        "tests/vacancies/factories.py",
        "tests/vacancies/test_vacancies.py",
    ]:
        assert (copy / path).is_file(), path
    changed = {p for p, digest in tree(copy).items() if pristine.get(p) != digest}
    assert {p for p in changed if not p.startswith(("vacancies/", "tests/vacancies/"))} == {
        "cms/plugin/enabled.py",
        "locale/de/LC_MESSAGES/django.po",
        "locale/en/LC_MESSAGES/django.po",
        "clients/openapi.json",
    }
    models = (copy / "vacancies" / "models.py").read_text()
    assert (
        "class VacancyPage(CmsPage):" in models and 'verbose_name = _("Stellenangebot")' in models
    )
    assert "class VacancyBodyBlock(BodyBlock):" in (copy / "vacancies" / "blocks.py").read_text()
    assert '"vacancy"' in (copy / "clients/openapi.json").read_text()

    # What `make test` checks of it: lint, docstring coverage (the generated code keeps the
    # level of [tool.interrogate]), catalogs, the plugin's tests and the API contract.
    for lint in (["ruff", "check", "."], ["ruff", "format", "--check", "."], ["interrogate", "."]):
        linted = run(copy, "-m", *lint)
        assert linted.returncode == 0, linted.stdout + linted.stderr
    for language, plural in (("de", "Stellenangebote"), ("en", "Job offers")):
        catalog = polib.pofile(str(copy / f"locale/{language}/LC_MESSAGES/django.po"))
        assert catalog.find("Stellenangebote").msgstr == plural  # what check_catalogs needs
    tested = run(
        copy,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/vacancies",
        "tests/api/test_openapi.py",
    )
    assert tested.returncode == 0, tested.stdout[-3000:]
    # Every test ran: the plugin's 7 and those of the contract.
    scaffolded = len(
        re.findall(
            r"^def test_",
            (ROOT / "cms/plugin/scaffold/tests/test_app_name.py-tpl").read_text(),
            re.M,
        )
    )
    contract = len(
        re.findall(r"^def test_", (ROOT / "tests/api/test_openapi.py").read_text(), re.M)
    )
    assert f"{scaffolded + contract} passed" in tested.stdout, tested.stdout[-500:]

    assert written(ROOT) == before, "the checkout was written to"


@pytest.mark.parametrize(
    "name, options, message",
    [
        ("projekte", {}, "already an installed app or an importable Python module"),
        ("json", {}, "already an installed app or an importable Python module"),
        ("Jobs", {}, "is no package name"),
        ("vacancies", {"api_name": "event"}, "is taken by another content type"),
        ("vacancies", {"api_name": "job-offer"}, "use English snake_case"),
        ("vacancies", {"model": "vacancy"}, "use English PascalCase"),
        ("vacancies", {"verbose_name": 'Stellen"angebot'}, "no quotes or backslashes"),
    ],
)
def test_a_name_that_cannot_work_is_refused_before_anything_is_written(name, options, message):
    options = {"verbose_name": "Stellenangebot", **options}
    before, existed = written(ROOT), (ROOT / name).exists()
    with pytest.raises(CommandError, match=message):
        call_command("startcontenttype", name, **options)
    assert written(ROOT) == before and (ROOT / name).exists() == existed
