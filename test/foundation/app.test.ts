import assert from "node:assert/strict";
import tls from "node:tls";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { ensureBinary } from "../../src/store/embedded/build";
import { launchEmbedded } from "../../src/store/embedded/launcher";
import type { Feature } from "../../src/feature";
import { startApp, tempDir, type TestApp } from "../support/harness";

describe("operations endpoints", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.stop());

  it("when /healthz is asked, then it answers 200 ok", async () => {
    const res = await app.request("/healthz");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: "ok" });
  });

  it("when the database answers, then /readyz is 200", async () => {
    const res = await app.request("/readyz");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: "ready", checks: { database: "up", applier: "up" } });
  });

  it("when /metrics is scraped, then process_*/nodejs_* runtime metrics and drec_ counters are in Prometheus format", async () => {
    await app.request("/healthz");
    const res = await app.request("/metrics");
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /text\/plain/);
    assert.match(res.text, /^process_resident_memory_bytes \d+/m);
    assert.match(res.text, /^# TYPE nodejs_eventloop_lag_seconds gauge/m);
    assert.doesNotMatch(res.text, /^drec_(process|nodejs)_/m, "runtime metrics keep their default names");
    assert.match(res.text, /^drec_http_requests_total\{route="\/healthz",method="GET",status="200"\} \d+/m);
    assert.match(res.text, /^# TYPE drec_http_request_duration_seconds histogram/m);
    assert.match(res.text, /^# TYPE drec_ingest_events_total counter/m);
  });

  it("when an unknown route is asked, then it gets a JSON 404", async () => {
    const res = await app.request("/no/such/thing");
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, { error: { code: "NOT_FOUND", message: "no route for GET /no/such/thing" } });
  });

  it("when every response is sent, then it carries a request id", async () => {
    const res = await app.request("/healthz");
    assert.match(String(res.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
  });

  it("when a client offers only TLS 1.1, then the handshake is refused", async () => {
    await assert.rejects(
      new Promise((resolve, reject) => {
        const socket = tls.connect({
          host: "127.0.0.1",
          port: app.port,
          ca: app.ca,
          maxVersion: "TLSv1.1",
          minVersion: "TLSv1",
        });
        socket.on("secureConnect", () => resolve(socket.end()));
        socket.on("error", reject);
      }),
    );
  });

  const handshake = (options: tls.ConnectionOptions) =>
    new Promise<tls.TLSSocket>((resolve, reject) => {
      const socket = tls.connect({ host: "127.0.0.1", port: app.port, ca: app.ca, ...options });
      socket.on("secureConnect", () => resolve(socket));
      socket.on("error", reject);
    });

  for (const cipher of ["ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA", "ECDHE-ECDSA-AES128-SHA"]) {
    it(`when a TLS 1.2 client offers only the CBC suite ${cipher}, then the handshake is refused`, async () => {
      await assert.rejects(handshake({ maxVersion: "TLSv1.2", ciphers: cipher }));
    });
  }

  for (const cipher of ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"]) {
    it(`when a TLS 1.2 client offers only the AEAD suite ${cipher}, then it connects with it`, async () => {
      const socket = await handshake({ maxVersion: "TLSv1.2", ciphers: cipher });
      assert.equal(socket.getProtocol(), "TLSv1.2");
      assert.equal(socket.getCipher().name, cipher);
      socket.end();
    });
  }

  it("when a client speaks TLS 1.3, then it connects", async () => {
    const socket = await handshake({ minVersion: "TLSv1.3" });
    assert.equal(socket.getProtocol(), "TLSv1.3");
    socket.end();
  });

  it("when plain HTTP is sent to the port, then no HTTP answer comes back", async () => {
    const http = await import("node:http");
    const status = await new Promise<number | string>((resolve) => {
      http
        .get(`http://127.0.0.1:${app.port}/healthz`, (res) => resolve(res.statusCode ?? 0))
        .on("error", (err) => resolve(err.message));
    });
    assert.notEqual(status, 200);
  });
});

describe("readiness when the database goes away", () => {
  it("when the database stops, then /readyz is 503 with Retry-After and /healthz stays 200", async () => {
    const binary = await ensureBinary();
    const db = await launchEmbedded({
      binary,
      dir: tempDir("drec-db-"),
      port: 0,
      log: pino({ level: "silent" }),
    });
    const app = await startApp({ mongodb: { uri: db.uri } });
    try {
      assert.equal((await app.request("/readyz")).status, 200);
      await db.stop();
      const res = await app.request("/readyz");
      assert.equal(res.status, 503);
      assert.equal(res.headers["retry-after"], "5");
      assert.deepEqual(res.json, { status: "unavailable", checks: { database: "down", applier: "up" } });
      assert.equal((await app.request("/healthz")).status, 200);
    } finally {
      await app.stop();
      await db.stop();
    }
  });
});

describe("graceful shutdown", () => {
  const slow: Feature = {
    name: "slow",
    mount: (app) =>
      app.get("/slow", async (_req, res) => {
        await new Promise((r) => setTimeout(r, 400));
        res.json({ finished: true });
      }),
  };

  it("when stop() is called during a request, then the request finishes and new connections are refused", async () => {
    const app = await startApp({}, { features: [slow] });
    const inFlight = app.request("/slow");
    await new Promise((r) => setTimeout(r, 100));
    const stopped = app.stop();
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { finished: true });
    await stopped;
    await assert.rejects(app.request("/healthz"), /ECONNREFUSED/);
    assert.equal(await app.ctx.db.ping(500), false);
  });

  it("when stop() is called twice, then both calls resolve once the app is down", async () => {
    const app = await startApp();
    await Promise.all([app.stop(), app.stop()]);
    await assert.rejects(app.request("/healthz"), /ECONNREFUSED/);
  });
});
