/**
 * The website's one connection to the CMS: a typed client (@nordthueringen/cms-client) for the
 * front end "website", and the helpers that turn API data into this site's addresses.
 *
 * Environment: `CMS_API_URL` (default http://127.0.0.1:8000), `CMS_FRONTEND` (default
 * "website"), `CMS_FRONTEND_TOKEN` (the front end's token, if it has one), `WEBSITE_PAGE_SIZE`
 * (cards per page of a listing, default 12).
 */
import { createClient, type Locale } from "@nordthueringen/cms-client";

export const API_URL = (process.env["CMS_API_URL"] || "http://127.0.0.1:8000").replace(/\/+$/, "");

export const cms = createClient({
  baseUrl: API_URL,
  frontend: process.env["CMS_FRONTEND"] || "website",
  ...(process.env["CMS_FRONTEND_TOKEN"] ? { token: process.env["CMS_FRONTEND_TOKEN"] } : {}),
});

export const PAGE_SIZE = Math.min(100, Math.max(1, Number(process.env["WEBSITE_PAGE_SIZE"]) || 12));

export const LOCALES: readonly Locale[] = ["de", "en"];

export function isLocale(value: string | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? "");
}

/** This site's address of a page: `/<locale><path>`, e.g. `/en/projects/wind/`. */
export function pageHref(link: { locale: string; path: string }): string {
  return `/${link.locale}${link.path}`;
}

/** A media address of the CMS (often `/media/…`) made absolute. */
export function mediaUrl(url: string): string {
  return url.startsWith("/") ? `${API_URL}${url}` : url;
}

/** A `srcset` whose addresses are made absolute ({@link mediaUrl}). */
export function mediaSrcset(srcset: string): string {
  return srcset
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [url = "", ...rest] = entry.split(/\s+/);
      return [mediaUrl(url), ...rest].join(" ");
    })
    .join(", ");
}

/**
 * Rich text from the API made routable here: a page link (`data-page-id`) keeps only its path
 * (`/de/…`: the CMS wrote the front end's full URL), media addresses become absolute.
 */
export function routeRichText(html: string): string {
  return html
    .replace(/<a\b([^>]*?)\bhref="([^"]*)"([^>]*\bdata-page-id="\d+"[^>]*)>/g, (_all, before, href, after) => {
      return `<a${before}href="${sitePath(href)}"${after}>`;
    })
    .replace(/<a\b([^>]*\bdata-page-id="\d+"[^>]*?)\bhref="([^"]*)"([^>]*)>/g, (_all, before, href, after) => {
      return `<a${before}href="${sitePath(href)}"${after}>`;
    })
    .replace(/\b(src|href)="(\/media\/[^"]*)"/g, (_all, name, url) => `${name}="${mediaUrl(url)}"`)
    .replace(/\bsrcset="([^"]*)"/g, (_all, srcset) => `srcset="${mediaSrcset(srcset)}"`);
}

function sitePath(href: string): string {
  try {
    const url = new URL(href, "http://site.invalid");
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return href;
  }
}

/** A link block's target here: a page by its path, a document or an address as given. */
export function linkHref(link: {
  page?: { locale: string; path: string } | null;
  document?: { url: string } | null;
  url?: string;
}): string {
  if (link.page) return pageHref(link.page);
  if (link.document) return mediaUrl(link.document.url);
  return link.url || "#";
}

/** The label of a link block: its own, else the page's or document's title. */
export function linkLabel(link: {
  label?: string;
  page?: { title: string } | null;
  document?: { title: string } | null;
  url?: string;
}): string {
  return link.label || link.page?.title || link.document?.title || link.url || "";
}

/** The site's own words, per language (content comes from the CMS). */
export const UI = {
  de: {
    skip: "Zum Inhalt springen",
    site: "Regionalmanagement Nordthüringen",
    menu: "Hauptmenü",
    language: "Sprache",
    search: "Suche",
    searchLabel: "Suchbegriff",
    searchButton: "Suchen",
    results: (n: number) => `${n} Treffer`,
    noResults: "Keine Treffer.",
    projects: "Projekte",
    topic: "Thema",
    place: "Ort",
    status: "Status",
    all: "Alle",
    filter: "Filtern",
    previous: "Zurück",
    next: "Weiter",
    pageOf: (n: number, m: number) => `Seite ${n} von ${m}`,
    pastTheEnd: (m: number) => `Diese Liste hat nur ${m} ${m === 1 ? "Seite" : "Seiten"}.`,
    firstPage: "Zur ersten Seite",
    queryInvalid: "Dieser Suchbegriff geht nicht: bitte kürzer oder mit weniger Sonderzeichen.",
    filterInvalid: "Diese Filterauswahl gibt es nicht. Bitte wählen Sie neu.",
    pageInvalid: "Diese Ergebnisseite gibt es nicht.",
    notFound: "Seite nicht gefunden",
    notFoundText: "Diese Seite gibt es nicht (mehr). Vielleicht hilft die Suche.",
    home: "Zur Startseite",
    documents: "Dokumente",
    kind: "Art",
    pages: "Seiten",
    partners: "Partner",
    related: "Verwandte Seiten",
    contact: "Kontakt",
    funding: "Förderung",
    preview: "Vorschau (Entwurf)",
    previewExpired: "Die Vorschau ist abgelaufen. Bitte öffnen Sie die Vorschau erneut.",
    facets: "Eingrenzen",
    suggestions: "Vorschläge",
    download: "Herunterladen",
    map: "Karte",
    footer: "Fußzeile",
  },
  en: {
    skip: "Skip to content",
    site: "Regional Management Northern Thuringia",
    menu: "Main menu",
    language: "Language",
    search: "Search",
    searchLabel: "Search term",
    searchButton: "Search",
    results: (n: number) => `${n} results`,
    noResults: "No results.",
    projects: "Projects",
    topic: "Topic",
    place: "Place",
    status: "Status",
    all: "All",
    filter: "Filter",
    previous: "Previous",
    next: "Next",
    pageOf: (n: number, m: number) => `Page ${n} of ${m}`,
    pastTheEnd: (m: number) => `This list has only ${m} ${m === 1 ? "page" : "pages"}.`,
    firstPage: "To the first page",
    queryInvalid: "This search term does not work: please use a shorter one or fewer special characters.",
    filterInvalid: "This filter selection does not exist. Please choose again.",
    pageInvalid: "This results page does not exist.",
    notFound: "Page not found",
    notFoundText: "This page does not exist (any more). Try the search.",
    home: "To the home page",
    documents: "Documents",
    kind: "Kind",
    pages: "Pages",
    partners: "Partners",
    related: "Related pages",
    contact: "Contact",
    funding: "Funding",
    preview: "Preview (draft)",
    previewExpired: "This preview has expired. Please open the preview again.",
    facets: "Refine",
    suggestions: "Suggestions",
    download: "Download",
    map: "Map",
    footer: "Footer",
  },
} as const;

/** The search page's path in each language. */
export const SEARCH_PATH: Record<Locale, string> = { de: "/suche/", en: "/search/" };

/** A date (`YYYY-MM-DD` or ISO date-time) in the language's long form. */
export function formatDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return "";
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  return new Intl.DateTimeFormat(locale === "de" ? "de-DE" : "en-GB", { dateStyle: "long" }).format(date);
}
