"""The contract proven by a real consumer: the typed client package in clients/typescript/.

openapi-typescript generates its types from the committed contract clients/openapi.json (which
tests/api/test_openapi.py keeps equal to the served document) with the committed generator
configuration (clients/typescript/redocly.yaml); ``tsc`` compiles the client on them. A second,
deliberately wrong consumer must fail, which proves the types are precise (not ``any``): a field a
block does not have, a status and a locale the contract does not list, a page type and a path that do
not exist.
"""

from __future__ import annotations

from tests.clients.npm import CLIENT, built, exclusive, npm

WRONG = """
import { createClient, type PageOf } from "./index.js";
const cms = createClient({ baseUrl: "http://127.0.0.1:8000", frontend: "website" });
export async function wrong(page: PageOf<"project">): Promise<string> {
  await cms.pages.list({ type: "projekt" }); // no such page type
  await cms.pages.find("/x/", "fr"); // no such locale
  await cms.raw.GET("/api/v1/serach/", {}); // no such path
  const block = page.body[0];
  if (block?.type === "heading") {
    return block.value.caption; // headings have no caption
  }
  return page.status === "cancelled" ? "x" : page.teaser.toFixed(); // no such status; teaser is text
}
"""


def test_client_compiles_on_types_generated_from_the_committed_contract():
    built()
    generated = CLIENT / "src" / "generated" / "api.ts"
    assert "ProjectPage" in generated.read_text(encoding="utf-8")
    assert (CLIENT / "dist" / "index.js").exists()
    assert (CLIENT / "dist" / "index.d.ts").exists()


def test_a_wrong_consumer_fails_the_type_check():
    built()
    wrong = CLIENT / "src" / "wrong.check.ts"
    with exclusive():
        wrong.write_text(WRONG, encoding="utf-8")
        try:
            failed = npm("exec", "--", "tsc", "--noEmit", "-p", ".", cwd=CLIENT)
        finally:
            wrong.unlink()
    assert failed.returncode != 0
    output = failed.stdout
    for mistake in ('"projekt"', '"fr"', "serach", "caption", '"cancelled"', "toFixed"):
        assert mistake in output, (mistake, output[-4000:])
    assert output.count("error TS") == 6, output[-4000:]
