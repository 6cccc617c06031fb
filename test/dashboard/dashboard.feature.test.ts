// The dashboard feature over HTTPS: the page and its headers, history routing, asset caching, the
// routes it must leave alone, and the answer when the dashboard is not built.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createDashboardFeature } from "../../src/dashboard/dashboard.feature";
import { startApp, tempDir, type TestApp } from "../support/harness";

const HTML = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

/** A minimal build as Vite lays it out: index.html, a hashed asset, a public file. */
function fakeBuild(): string {
  const dir = tempDir("drec-web-");
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(
    path.join(dir, "index.html"),
    '<!doctype html><html><head><meta name="drec:graphql-path" content="/graphql" />' +
      '<script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="app"></div></body></html>',
  );
  fs.writeFileSync(path.join(dir, "assets", "index-AbC123.js"), "console.log('drec');\n");
  fs.writeFileSync(path.join(dir, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  return dir;
}

describe("dashboard feature", () => {
  let app: TestApp;
  let missing: TestApp;

  before(async () => {
    app = await startApp(
      { graphql: { path: "/api/graphql" } },
      { features: [createDashboardFeature({ dir: fakeBuild() })] },
    );
    missing = await startApp({}, { features: [createDashboardFeature({ dir: tempDir("drec-no-web-") })] });
  });

  after(async () => {
    await app.stop();
    await missing.stop();
  });

  test("when / is requested, then the page comes with a strict CSP, no-cache and the GraphQL path", async () => {
    const res = await app.request("/");
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/html/);
    assert.equal(res.headers["cache-control"], "no-cache");
    const csp = String(res.headers["content-security-policy"]);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, new RegExp(`connect-src 'self' wss://127\\.0\\.0\\.1:${app.port}(;|$)`));
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.match(res.text, /<meta name="drec:graphql-path" content="\/api\/graphql" \/>/);
  });

  test("when a dashboard path is opened in a browser, then index.html answers it (history routing)", async () => {
    for (const pathname of [
      "/repositories/team/app",
      "/repositories/library/my.app?days=90",
      "/index.html",
    ]) {
      const res = await app.request(pathname, { headers: HTML });
      assert.equal(res.status, 200, pathname);
      assert.match(res.text, /<div id="app">/, pathname);
      assert.equal(res.headers["cache-control"], "no-cache", pathname);
    }
  });

  test("when a path is asked for without HTML, or is reserved, then the dashboard leaves it alone", async () => {
    const json = await app.request("/repositories/team/app", { headers: { accept: "application/json" } });
    assert.equal(json.status, 404);
    assert.deepEqual((json.json as { error: { code: string } }).error.code, "NOT_FOUND");
    for (const pathname of ["/api/graphql", "/events", "/metrics/x", "/assets/missing-123.js"]) {
      const res = await app.request(pathname, { headers: HTML });
      assert.equal(res.status, 404, pathname);
      assert.doesNotMatch(res.text, /<div id="app">/, pathname);
    }
    const post = await app.request("/", { method: "POST", headers: HTML });
    assert.equal(post.status, 404);
  });

  test("when a hashed asset is requested, then it is cached for a year as immutable", async () => {
    const asset = await app.request("/assets/index-AbC123.js");
    assert.equal(asset.status, 200);
    assert.match(String(asset.headers["content-type"]), /javascript/);
    assert.equal(asset.headers["cache-control"], "public, max-age=31536000, immutable");
    const icon = await app.request("/favicon.svg");
    assert.equal(icon.status, 200);
    assert.equal(icon.headers["cache-control"], "public, max-age=3600");
  });

  test("when the dashboard is not built, then / explains how to build it instead of failing", async () => {
    const page = await missing.request("/", { headers: HTML });
    assert.equal(page.status, 503);
    assert.match(page.text, /npm run build:web/);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    const json = await missing.request("/", { headers: { accept: "application/json" } });
    assert.equal(json.status, 503);
    assert.deepEqual(json.json, {
      error: {
        code: "DASHBOARD_NOT_BUILT",
        message:
          "The dashboard is not built: run `npm run build:web` (npm start does it), then reload. The API is unaffected.",
      },
    });
    const health = await missing.request("/healthz");
    assert.equal(health.status, 200, "the rest of drec is unaffected");
  });
});
