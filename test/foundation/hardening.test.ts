// Response headers every answer carries, and what the request log leaves out.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp, type TestApp } from "../support/harness";

describe("security headers on every response", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.stop());

  const asked: [string, () => Promise<{ status: number; headers: Record<string, unknown> }>][] = [
    ["GET /healthz", () => app.request("/healthz")],
    ["GET /metrics", () => app.request("/metrics")],
    ["an unknown route", () => app.request("/no/such/route")],
    ["POST /events without a token", () => app.request(app.config.server.route, { method: "POST" })],
    [
      "POST /graphql",
      () =>
        app.request(app.config.graphql.path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ registry { repositoryCount } }" }),
        }),
    ],
  ];
  for (const [what, send] of asked) {
    it(`when ${what} is answered, then it carries Strict-Transport-Security and nosniff`, async () => {
      const res = await send();
      assert.match(String(res.headers["strict-transport-security"]), /^max-age=\d{7,}/);
      assert.equal(res.headers["x-content-type-options"], "nosniff");
    });
  }
});
