"""The contract proven by a real consumer: a TypeScript client type-checked against the API.

openapi-typescript (npm) generates types from the served OpenAPI document; ``tsc`` checks the
example client in clients/typescript/src/client.ts, which renders a project page. A second,
deliberately wrong client must fail, which proves the types are precise (not ``any``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CLIENT = Path(__file__).resolve().parents[2] / "clients" / "typescript"

WRONG = """
import type { components } from "./api";
type ProjectPage = components["schemas"]["ProjectPage"];
export function wrong(page: ProjectPage): string {
  const block = page.body[0];
  if (block?.type === "heading") {
    return block.value.caption; // headings have no caption
  }
  return page.status === "cancelled" ? "x" : page.teaser.toFixed(); // no such status; teaser is text
}
"""


def _npm(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["npm", *args], cwd=CLIENT, capture_output=True, text=True, timeout=600, check=False
    )


def _npx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["npx", "--no-install", *args], cwd=CLIENT, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def node_modules():
    assert shutil.which("npm"), "npm is needed for the TypeScript contract check"
    if not (CLIENT / "node_modules" / ".bin" / "tsc").exists():
        result = _npm("ci", "--no-audit", "--no-fund")
        assert result.returncode == 0, result.stderr[-3000:]
    return CLIENT / "node_modules"


def test_generated_typescript_client_type_checks(api, node_modules, tmp_path):
    document = api.get_json("/api/v1/openapi.json")
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    generated = _npx("openapi-typescript", str(spec), "-o", "src/api.d.ts")
    assert generated.returncode == 0, generated.stderr[-3000:]
    assert "ProjectPage" in (CLIENT / "src" / "api.d.ts").read_text(encoding="utf-8")
    checked = _npx("tsc", "--noEmit", "-p", ".")
    assert checked.returncode == 0, checked.stdout[-5000:] + checked.stderr[-2000:]

    wrong = CLIENT / "src" / "wrong_client_check.ts"
    wrong.write_text(WRONG, encoding="utf-8")
    try:
        failed = _npx("tsc", "--noEmit", "-p", ".")
    finally:
        wrong.unlink()
    assert failed.returncode != 0
    assert (
        "caption" in failed.stdout and "cancelled" in failed.stdout and "toFixed" in failed.stdout
    )
