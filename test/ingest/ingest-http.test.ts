// The ingest endpoint's HTTP contract: one test per error the issue lists, and the media types it accepts.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { ensureBinary } from "../../src/store/embedded/build";
import { launchEmbedded } from "../../src/store/embedded/launcher";
import { buildBlobEvent, buildEnvelope, buildEvent, buildEventWith } from "../support/builders";
import { startApp, tempDir, TEST_INGEST_TOKEN, type TestApp } from "../support/harness";
import { EVENTS_V1, postEvents } from "../support/ingest-builders";

const SUMMARY_ZERO = { received: 0, counted: 0, duplicates: 0, ignored: 0, rejected: 0 };
const errorOf = (json: unknown) => (json as { error: { code: string; message: string } }).error;

describe("ingest endpoint authentication", () => {
  const OTHER_TOKEN = "rotated-ingest-token-abcdefghij";
  let app: TestApp;
  before(async () => {
    app = await startApp({ ingest: { tokens: [TEST_INGEST_TOKEN, OTHER_TOKEN] } });
  });
  after(() => app.stop());

  it("when no Authorization header is sent, then it answers 401 with WWW-Authenticate", async () => {
    const res = await postEvents(app, buildEnvelope([]), { token: null });
    assert.equal(res.status, 401);
    assert.match(String(res.headers["www-authenticate"]), /^Bearer realm=/);
    assert.equal(errorOf(res.json).code, "UNAUTHORIZED");
  });

  it("when a wrong token is sent, then it answers 401 with WWW-Authenticate", async () => {
    const res = await postEvents(app, buildEnvelope([]), { token: "wrong-token-0123456789abcdef" });
    assert.equal(res.status, 401);
    assert.match(String(res.headers["www-authenticate"]), /^Bearer realm=/);
  });

  it("when the token is sent with another scheme, then it answers 401", async () => {
    const res = await app.request(app.config.server.route, {
      method: "POST",
      headers: { authorization: `Basic ${TEST_INGEST_TOKEN}`, "content-type": EVENTS_V1 },
      body: "{}",
    });
    assert.equal(res.status, 401);
  });

  it("when either of two configured tokens is sent, then both are accepted (rotation)", async () => {
    for (const token of [TEST_INGEST_TOKEN, OTHER_TOKEN]) {
      const res = await postEvents(app, buildEnvelope([]), { token });
      assert.equal(res.status, 200, token);
      assert.deepEqual(res.json, SUMMARY_ZERO);
    }
  });

  it("when the scheme is written in lower case, then the token is still accepted", async () => {
    const res = await app.request(app.config.server.route, {
      method: "POST",
      headers: { authorization: `bearer ${TEST_INGEST_TOKEN}`, "content-type": EVENTS_V1 },
      body: '{"events":[]}',
    });
    assert.equal(res.status, 200);
  });
});

describe("ingest endpoint anonymous access", () => {
  it("when allow_anonymous is true, then a request without a token is accepted", async () => {
    const app = await startApp({ ingest: { allow_anonymous: true } });
    try {
      const res = await postEvents(app, buildEnvelope([]), { token: null });
      assert.equal(res.status, 200);
    } finally {
      await app.stop();
    }
  });
});

describe("ingest endpoint requests", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ ingest: { max_body_bytes: 4096 } });
  });
  after(() => app.stop());

  for (const contentType of [
    "application/vnd.docker.distribution.events.v1+json",
    "application/vnd.docker.distribution.events.v2+json",
    "application/json",
    "application/json; charset=utf-8",
    "Application/VND.Docker.Distribution.Events.V1+JSON",
    "application/vnd.docker.distribution.events.v2+json ; charset=UTF-8",
  ]) {
    it(`when the Content-Type is "${contentType}", then the envelope is accepted`, async () => {
      const res = await postEvents(app, buildEnvelope([buildBlobEvent()]), { contentType });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { ...SUMMARY_ZERO, received: 1, ignored: 1 });
    });
  }

  it("when the Content-Type is text/plain, then it answers 415 naming the accepted types", async () => {
    const res = await postEvents(app, buildEnvelope([]), { contentType: "text/plain" });
    assert.equal(res.status, 415);
    assert.equal(errorOf(res.json).code, "UNSUPPORTED_MEDIA_TYPE");
    assert.match(errorOf(res.json).message, /application\/vnd\.docker\.distribution\.events\.v1\+json/);
  });

  it("when the Content-Type is missing, then it answers 415", async () => {
    const res = await postEvents(app, buildEnvelope([]), { contentType: null });
    assert.equal(res.status, 415);
  });

  it("when the body is larger than ingest.max_body_bytes, then it answers 413", async () => {
    const res = await postEvents(app, JSON.stringify({ events: [], padding: "x".repeat(5000) }));
    assert.equal(res.status, 413);
    assert.equal(errorOf(res.json).code, "PAYLOAD_TOO_LARGE");
  });

  it("when the body is not JSON, then it answers 400", async () => {
    const res = await postEvents(app, '{"events": [');
    assert.equal(res.status, 400);
    assert.match(errorOf(res.json).message, /not valid JSON/);
  });

  it("when the JSON has no events array, then it answers 400 saying so", async () => {
    const res = await postEvents(app, { event: [] });
    assert.equal(res.status, 400);
    assert.match(errorOf(res.json).message, /"events" is missing/);
  });

  it("when events is not an array, then it answers 400 naming the type it got", async () => {
    const res = await postEvents(app, { events: "push" });
    assert.equal(res.status, 400);
    assert.match(errorOf(res.json).message, /"events" must be an array, got string/);
  });

  it("when the JSON is a scalar, then it answers 400 naming the type it got", async () => {
    const res = await postEvents(app, "42");
    assert.equal(res.status, 400);
    assert.match(errorOf(res.json).message, /JSON object with an "events" array, got number/);
  });

  for (const method of ["GET", "HEAD", "PUT", "DELETE"]) {
    it(`when the route is asked with ${method}, then it answers 405 with Allow: POST`, async () => {
      const res = await postEvents(app, method === "PUT" ? buildEnvelope([]) : "", { method });
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, "POST");
    });
  }

  it("when an event inside a valid envelope cannot be interpreted, then it is dead-lettered and the answer is 200", async () => {
    const bad = buildEventWith("timestamp", "yesterday");
    const res = await postEvents(app, buildEnvelope([bad, buildEvent()]));
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { ...SUMMARY_ZERO, received: 2, counted: 1, rejected: 1 });
    const letters = await app.ctx.db.models.deadLetters.find({ eventId: (bad as { id: string }).id }).lean();
    assert.equal(letters.length, 1);
    assert.match(letters[0].reason, /^timestamp "yesterday" is not an RFC 3339 date-time/);
    assert.equal((letters[0].event as { timestamp: string }).timestamp, "yesterday");
    assert.ok(letters[0].receivedAt instanceof Date);
  });

  for (const timestamp of ["9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "2012-12-31T23:59:59Z"]) {
    it(`when an event is dated ${timestamp}, then it is dead-lettered and never reaches the statistics`, async () => {
      const repository = `clock/${timestamp.slice(0, 4)}`;
      const event = buildEvent({ timestamp, target: { repository } });
      const res = await postEvents(app, buildEnvelope([event]));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { ...SUMMARY_ZERO, received: 1, rejected: 1 });
      const letter = await app.ctx.db.models.deadLetters.findOne({ eventId: event.id }).lean();
      assert.match(String(letter?.reason), /^timestamp .*(before 2013-01-01|max_clock_skew_seconds)/);
      assert.equal(await app.ctx.db.models.repositories.countDocuments({ repositoryname: repository }), 0);
      assert.equal(await app.ctx.db.models.events.countDocuments({ _id: event.id }), 0);
    });
  }

  it("when an event is dated within ingest.max_clock_skew_seconds ahead, then it is counted", async () => {
    const timestamp = new Date(Date.now() + 3_600_000).toISOString();
    const res = await postEvents(app, buildEnvelope([buildEvent({ timestamp })]));
    assert.deepEqual(res.json, { ...SUMMARY_ZERO, received: 1, counted: 1 });
  });

  it("when an event is dated beyond ingest.max_clock_skew_seconds ahead, then it is rejected", async () => {
    const timestamp = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const res = await postEvents(app, buildEnvelope([buildEvent({ timestamp })]));
    assert.deepEqual(res.json, { ...SUMMARY_ZERO, received: 1, rejected: 1 });
  });

  it("when an event has no id, then the dead letter says so", async () => {
    const res = await postEvents(app, buildEnvelope([buildEventWith("id", undefined)]));
    assert.deepEqual(res.json, { ...SUMMARY_ZERO, received: 1, rejected: 1 });
    const letter = await app.ctx.db.models.deadLetters.findOne({ reason: "missing id" }).lean();
    assert.ok(letter, "a dead letter with reason 'missing id'");
  });

  it("when an event carries keys the database cannot store, then it is still kept", async () => {
    const event = { ...buildEvent(), $where: 1, "a.b": { "c\u0000": 2 }, nested: [[1, [2]]] };
    const res = await postEvents(app, buildEnvelope([event]));
    assert.deepEqual(res.json, { ...SUMMARY_ZERO, received: 1, counted: 1 });
    const stored = await app.ctx.db.models.events.findById(event.id).lean();
    assert.deepEqual((stored?.event as { nested: unknown }).nested, [{ items: [1, { items: [2] }] }]);
  });

  it("when events are counted, then the ingest metrics count them by outcome and kind", async () => {
    await postEvents(app, buildEnvelope([buildBlobEvent()]));
    const res = await app.request("/metrics");
    assert.match(
      res.text,
      /^drec_ingest_events_total\{outcome="ignored",kind="ignored",source="default"\} \d+/m,
    );
    assert.match(
      res.text,
      /^drec_ingest_events_total\{outcome="counted",kind="push",source="default"\} \d+/m,
    );
    assert.match(
      res.text,
      /^drec_ingest_events_total\{outcome="rejected",kind="invalid",source="default"\} \d+/m,
    );
  });
});

describe("ingest endpoint when the database is down", () => {
  it("when the database stops, then events get 503 with Retry-After and the process stays up", async () => {
    const binary = await ensureBinary();
    const dir = tempDir("drec-db-");
    const log = pino({ level: "silent" });
    const db = await launchEmbedded({ binary, dir, port: 0, log });
    const app = await startApp({ mongodb: { uri: db.uri } });
    try {
      await db.stop();
      const res = await postEvents(app, buildEnvelope([buildEvent()]));
      assert.equal(res.status, 503);
      assert.equal(res.headers["retry-after"], "5");
      assert.equal(errorOf(res.json).code, "SERVICE_UNAVAILABLE");
      // the health endpoint stays up: the registry retries, the process does not die
      assert.equal((await app.request("/healthz")).status, 200);
    } finally {
      await app.stop();
      await db.stop();
    }
  });
});
