/** `GET /api/suggest?q=&locale=`: the CMS's title suggestions, for the search box. */
import type { APIRoute } from "astro";
import { cms, isLocale } from "../../lib/cms";

export const GET: APIRoute = async ({ url }) => {
  const q = url.searchParams.get("q") ?? "";
  const requested = url.searchParams.get("locale") ?? "de";
  const locale = isLocale(requested) ? requested : "de";
  try {
    const answer = await cms.suggest(q, locale, 8);
    return Response.json(answer, { headers: { "Cache-Control": "public, max-age=60" } });
  } catch {
    return Response.json({ query: q, suggestions: [] }, { status: 200 });
  }
};
