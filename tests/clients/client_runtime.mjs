// Drives the built client package (clients/typescript/dist) against a running CMS and prints
// what it saw as JSON: used by tests/clients/test_client_runtime.py. Argument: the CMS address.
import { createClient, ProblemError } from "../../clients/typescript/dist/index.js";

const base = process.argv[2];
const seen = [];
const recording = async (request) => {
  const response = await fetch(request);
  seen.push({ url: request.url, ifNoneMatch: request.headers.get("if-none-match"), status: response.status, frontend: request.headers.get("x-frontend") });
  return response;
};
const cms = createClient({ baseUrl: base, frontend: "website", fetch: recording });
const out = {};

const first = await cms.pages.list({ locale: "de", limit: 1, with_total: true });
out.total = first.total;
const ids = [];
for await (const card of cms.pages.all({ locale: "de", limit: 1 })) ids.push(card.id);
out.iterated = ids.length;
out.distinct = new Set(ids).size;

seen.length = 0;
const home1 = await cms.pages.find("/", "de");
const home2 = await cms.pages.find("/", "de");
out.revalidation = seen.map(({ ifNoneMatch, status, frontend }) => ({ sentEtag: Boolean(ifNoneMatch), status, frontend }));
out.sameBody = JSON.stringify(home1) === JSON.stringify(home2);
out.homeType = home2.type;

try {
  await cms.pages.find("/gibt-es-nicht/", "de");
  out.problem = null;
} catch (error) {
  out.problem = error instanceof ProblemError
    ? { name: error.name, status: error.status, type: error.type, title: error.title, json: error.toJSON() }
    : { other: String(error) };
}
try {
  await cms.preview("forged");
} catch (error) {
  out.preview = error instanceof ProblemError ? { status: error.status, type: error.type } : { other: String(error) };
}
try {
  await createClient({ baseUrl: "http://127.0.0.1:9" }).root();
} catch (error) {
  out.network = error instanceof ProblemError ? { status: error.status, title: error.title } : { other: String(error) };
}
console.log(JSON.stringify(out));
