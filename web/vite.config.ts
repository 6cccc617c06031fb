// Builds the dashboard into web/dist, which drec serves at /. `npm run dev -w web` proxies the API
// to a drec on https://localhost:5443 (override with DREC_URL).
import { defineConfig } from "vite";

const target = process.env.DREC_URL ?? "https://localhost:5443";

export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    sourcemap: false,
    // Two pages: the dashboard, and the API explorer (GraphiQL, React) that drec serves at graphql.path.
    // Each gets its own chunks, so the dashboard does not load React or GraphiQL.
    rollupOptions: {
      input: {
        dashboard: `${import.meta.dirname}/index.html`,
        explorer: `${import.meta.dirname}/explorer.html`,
      },
      // GraphiQL's dependencies mark React server-component boundaries ("use client"), meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: {
    proxy: { "/graphql": { target, secure: false, ws: true } },
  },
});
