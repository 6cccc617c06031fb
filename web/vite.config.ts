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
  },
  server: {
    proxy: { "/graphql": { target, secure: false, ws: true } },
  },
});
