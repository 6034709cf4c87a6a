"""The docstring gate: public definitions keep their docstrings (issue 14).

interrogate measures the coverage exactly as ``.venv/bin/interrogate`` (and ``make lint``) does,
from ``[tool.interrogate]`` in pyproject.toml: which definitions count and the ``fail-under``
level. A new public class or function without a docstring fails this test with its file and
line; document it (shapes, units, errors raised, the outside design it follows) rather than
lowering the level.
"""

from __future__ import annotations

from pathlib import Path

from interrogate.config import InterrogateConfig, parse_pyproject_toml
from interrogate.coverage import InterrogateCoverage

ROOT = Path(__file__).resolve().parents[2]
#: Keys of ``[tool.interrogate]`` that are not measurement settings.
NOT_SETTINGS = {"exclude", "verbose", "quiet", "color", "generate_badge", "badge_format"}


def _coverage():
    settings = parse_pyproject_toml(ROOT / "pyproject.toml")
    # The command line resolves excluded paths against the working directory, the root.
    excluded = tuple(str(ROOT / pattern) for pattern in settings.get("exclude", ()))
    config = InterrogateConfig(**{k: v for k, v in settings.items() if k not in NOT_SETTINGS})
    results = InterrogateCoverage(paths=[str(ROOT)], conf=config, excluded=excluded)
    return config, results.get_coverage()


def test_public_definitions_keep_their_docstrings():
    config, results = _coverage()
    missed = [
        f"{Path(file.filename).relative_to(ROOT)}:{node.lineno or 1} {node.name}"
        for file in results.file_results
        for node in file.nodes
        if not node.covered
    ]
    assert config.fail_under > 0, "Set fail-under in [tool.interrogate] (pyproject.toml)."
    assert results.ret_code == 0, (
        f"Docstring coverage {results.perc_covered:.1f}% is below {config.fail_under}% "
        f"({results.missing} of {results.total} public definitions without a docstring):\n"
        + "\n".join(missed)
    )


def test_the_gate_counts_the_shipped_packages_only():
    """The measurement covers the core and the plugins, never tests or migrations."""
    _config, results = _coverage()
    files = {Path(file.filename).relative_to(ROOT).as_posix() for file in results.file_results}
    assert {"cms/plugin/registry.py", "search/service.py", "home/models.py"} <= files
    assert not [f for f in files if f.startswith(("tests/", "bench/", "tools/", "clients/"))]
    assert not [f for f in files if "/migrations/" in f]
