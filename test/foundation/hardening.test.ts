// Response headers every answer carries, and what the request log leaves out.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../src/config/config";
import { redact } from "../../src/config/redact";
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

describe("metrics behind a bearer token", () => {
  const METRICS_TOKEN = "metrics-token-0123456789abcdef";
  let app: TestApp;
  before(async () => {
    app = await startApp({ metrics: { tokens: [METRICS_TOKEN] } });
  });
  after(() => app.stop());

  const scrape = (authorization?: string) =>
    app.request("/metrics", { headers: authorization ? { authorization } : {} });

  it("when metrics.tokens is set and no token is sent, then /metrics answers 401 with a Bearer challenge", async () => {
    const res = await scrape();
    assert.equal(res.status, 401);
    assert.match(String(res.headers["www-authenticate"]), /^Bearer realm="drec-metrics"/);
    assert.doesNotMatch(res.text, /drec_http_requests_total/);
  });

  it("when a wrong token or another scheme is sent, then /metrics answers 401", async () => {
    for (const authorization of [
      "Bearer wrong-token-0123456789abc",
      `Basic ${METRICS_TOKEN}`,
      `Bearer ${TEST_INGEST_TOKEN}`,
    ]) {
      const res = await scrape(authorization);
      assert.equal(res.status, 401, authorization);
      assert.match(String(res.headers["www-authenticate"]), /^Bearer /);
    }
  });

  it("when the configured token is sent, then /metrics answers with the metrics", async () => {
    const res = await scrape(`Bearer ${METRICS_TOKEN}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /^process_resident_memory_bytes \d+/m);
  });

  it("when metrics.tokens is set, then the other operations endpoints stay open", async () => {
    assert.equal((await app.request("/healthz")).status, 200);
    assert.equal((await app.request("/readyz")).status, 200);
  });

  it("when DREC_METRICS_TOKENS lists tokens, then the config holds them and redacts them", () => {
    const config = loadConfig({ env: { DREC_METRICS_TOKENS: `${METRICS_TOKEN},second-metrics-token-xyz` } });
    assert.deepEqual(config.metrics.tokens, [METRICS_TOKEN, "second-metrics-token-xyz"]);
    assert.doesNotMatch(JSON.stringify(redact(config)), /metrics-token/);
    assert.throws(() => loadConfig({ env: { DREC_METRICS_TOKENS: "short" } }), /metrics\.tokens\.0: .*16/);
  });
});
