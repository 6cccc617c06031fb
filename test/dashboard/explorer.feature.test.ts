// The API explorer at graphql.path over HTTPS: browsers get drec's own GraphiQL page under the
// dashboard's CSP (plus data: fonts), GraphQL clients still reach Apollo, and graphql.explorer: false
// leaves no HTML there. Apollo's CDN landing page never answers.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startApp, type TestApp } from "../support/harness";
import { requireBuiltDashboard } from "../browser/support/dashboard";

const HTML = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

describe("API explorer", () => {
  let on: TestApp;
  let off: TestApp;

  before(async () => {
    requireBuiltDashboard();
    on = await startApp({ graphql: { path: "/api/graphql" } });
    off = await startApp({ graphql: { explorer: false } });
  });

  after(async () => {
    await on.stop();
    await off.stop();
  });

  test("when a browser opens graphql.path, then drec's explorer page answers under a strict CSP", async () => {
    const res = await on.request("/api/graphql", { headers: HTML });
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /^text\/html/);
    assert.match(res.text, /<title>drec · API explorer<\/title>/);
    assert.match(res.text, /<meta name="drec:graphql-path" content="\/api\/graphql" \/>/);
    assert.doesNotMatch(res.text, /apollographql|https?:\/\//, "nothing referenced off drec's origin");
    const csp = String(res.headers["content-security-policy"]);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /font-src 'self' data:(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|blob:|https?:/);
  });

  test("when a GraphQL client posts to graphql.path, then Apollo still answers it", async () => {
    const res = await on.request("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...HTML },
      body: JSON.stringify({ query: "{ registry { repositoryCount } }" }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.text), { data: { registry: { repositoryCount: 0 } } });
  });

  test("when graphql.explorer is false, then a browser opening graphql.path gets no HTML page", async () => {
    const res = await off.request("/graphql", { headers: HTML });
    assert.doesNotMatch(String(res.headers["content-type"]), /text\/html/);
    assert.doesNotMatch(res.text, /<html|apollographql/i);
  });

  test("when the dashboard page is served, then it says whether the explorer is there (for its header link)", async () => {
    assert.match((await on.request("/")).text, /<meta name="drec:explorer" content="on" \/>/);
    assert.match((await off.request("/")).text, /<meta name="drec:explorer" content="off" \/>/);
  });
});
