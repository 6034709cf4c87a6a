/**
 * Headers on every answer: only the CMS admin (its origin: `CMS_ADMIN_ORIGIN`, default the API's
 * origin) and this site may frame it (the admin's preview panel shows /preview).
 */
import { defineMiddleware } from "astro:middleware";
import { API_URL } from "./lib/cms";

const ADMIN_ORIGIN = process.env["CMS_ADMIN_ORIGIN"] || new URL(API_URL).origin;

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  response.headers.set("Content-Security-Policy", `frame-ancestors 'self' ${ADMIN_ORIGIN}`);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  return response;
});
