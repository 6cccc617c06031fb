// Response headers every answer carries, and what the request log leaves out.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildEnvelope } from "../support/builders";
import { startApp, TEST_INGEST_TOKEN, type TestApp } from "../support/harness";
import { EVENTS_V1 } from "../support/ingest-builders";
import { captureLog } from "../support/log-capture";
import { waitFor } from "../support/wait";

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

describe("the request log", () => {
  const { log, lines } = captureLog();
  let app: TestApp;
  before(async () => {
    app = await startApp({}, { log });
  });
  after(() => app.stop());

  it("when a token is put into the query string of the events route, then the log never shows it", async () => {
    const secret = "query-secret-0123456789abcdef";
    const res = await app.request(`${app.config.server.route}?token=${secret}&x=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, "content-type": EVENTS_V1 },
      body: JSON.stringify(buildEnvelope([])),
    });
    assert.equal(res.status, 200);
    const requestId = String(res.headers["x-request-id"]);
    await waitFor(() => lines.some((line) => line.includes(requestId)), 5000);
    const logged = lines.find((line) => line.includes(requestId)) ?? "";
    assert.match(logged, /"url":"\/events"/, "the path is still logged");
    assert.ok(!lines.some((line) => line.includes(secret)), "the query string is not logged");
  });
});
