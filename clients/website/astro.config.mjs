// The reference website: server-rendered on every request (Node standalone server), so an
// editor's publish shows on the next request and previews are never built ahead.
import node from "@astrojs/node";
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "server",
  adapter: node({ mode: "standalone" }),
  server: { host: "127.0.0.1", port: 3000 },
  devToolbar: { enabled: false },
  build: { inlineStylesheets: "always" },
  // The CMS admin frames /preview; the admin is another origin, so no form-origin check here.
  security: { checkOrigin: false },
});
