/**
 * A small front-end client of the Nordthüringen CMS API, type-checked against types generated
 * from the served OpenAPI document (src/api.d.ts, by openapi-typescript). If the contract
 * changes in a way this consumer relies on, `tsc` fails.
 */
import type { components, paths } from "./api";

type Schemas = components["schemas"];
export type PageDetail =
  paths["/api/v1/pages/find/"]["get"]["responses"][200]["content"]["application/json"];
export type PageListing =
  paths["/api/v1/pages/"]["get"]["responses"][200]["content"]["application/json"];
export type Problem =
  paths["/api/v1/pages/find/"]["get"]["responses"][404]["content"]["application/problem+json"];
export type ProjectPage = Schemas["ProjectPage"];
type BodyBlock = ProjectPage["body"][number];
type Locale = NonNullable<paths["/api/v1/pages/find/"]["get"]["parameters"]["query"]>["locale"];

export class ApiError extends Error {
  constructor(public problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

/** What a website router does: resolve a path within a locale to a typed page. */
export async function findPage(base: string, path: string, locale: Locale): Promise<PageDetail> {
  const query = new URLSearchParams({ path, locale: locale ?? "de", frontend: "website" });
  const response = await fetch(`${base}/api/v1/pages/find/?${query}`);
  if (!response.ok) {
    throw new ApiError((await response.json()) as Problem);
  }
  return (await response.json()) as PageDetail;
}

/** Project cards for a listing, without one detail request per card. */
export async function projectCards(base: string, locale: Locale): Promise<string[]> {
  const response = await fetch(`${base}/api/v1/pages/?type=project&locale=${locale ?? "de"}`);
  const listing = (await response.json()) as PageListing;
  return listing.items.map((card) =>
    card.type === "project"
      ? `<a href="${escape(card.path)}">${escape(card.title)}: ${escape(card.teaser)}</a>`
      : `<a href="${escape(card.path)}">${escape(card.title)}</a>`,
  );
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An image with its alt text; a text in another language than the page's is marked (lang). */
function picture(image: Schemas["Image"] | null, pageLocale?: string): string {
  if (image === null) return "";
  const fallback = image.renditions.find((r) => r.format === "original");
  const lang = pageLocale && image.text_locales.alt !== pageLocale ? ` lang="${image.text_locales.alt}"` : "";
  return (
    `<picture><source type="image/webp" srcset="${image.srcset_webp}">` +
    `<img src="${fallback?.url ?? ""}" srcset="${image.srcset}" alt="${escape(image.alt)}"${lang}` +
    ` width="${image.width}" height="${image.height}"></picture>`
  );
}

function renderBlock(block: BodyBlock): string {
  switch (block.type) {
    case "heading": {
      const level = block.value.level ?? "h2";
      return `<${level}>${escape(block.value.text)}</${level}>`;
    }
    case "rich_text":
      return block.value; // HTML with internal links already rewritten to front-end paths
    case "image":
      return `<figure>${picture(block.value.image)}<figcaption>${escape(
        block.value.image?.caption || "",
      )}</figcaption></figure>`;
    case "document_list":
      return `<ul>${block.value.documents
        .map((d) => `<li><a href="${d.url}">${escape(d.title)} (${d.mime_type}, ${d.page_count ?? "?"} S.)</a></li>`)
        .join("")}</ul>`;
    case "page_teasers":
      return block.value.pages.map((p) => `<a href="${escape(p.path)}">${escape(p.title)}</a>`).join("");
    default:
      return `<!-- ${block.type} -->`;
  }
}

/** Render a project page: the contract proven by a consumer. */
export function renderProjectPage(page: ProjectPage): string {
  const switcher = page.translations
    .map((t) => `<a hreflang="${t.locale}" href="${escape(t.url)}">${t.locale}${t.up_to_date ? "" : " *"}</a>`)
    .join(" ");
  const topics = page.topics.map((t) => escape(t.label)).join(", ");
  return [
    `<article lang="${page.locale}">`,
    `<h1>${escape(page.title)}</h1>`,
    picture(page.hero_image, page.locale),
    `<p>${escape(page.teaser)}</p>`,
    `<p>Status: ${page.status}, ${page.start_date}${page.end_date ? ` – ${page.end_date}` : ""}</p>`,
    `<p>${topics}</p>`,
    ...page.body.map(renderBlock),
    `<nav>${switcher}</nav>`,
    `</article>`,
  ].join("\n");
}

export function render(page: PageDetail): string {
  if (page.type === "project") {
    return renderProjectPage(page);
  }
  return `<h1>${escape(page.title)}</h1>`;
}
