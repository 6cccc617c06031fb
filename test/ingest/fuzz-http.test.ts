// A bounded fuzz loop over HTTPS: random and mutated envelopes (seeded, so a failure replays from its
// seed) never get a 5xx, never stop the server, and never change counts unless the answer says so.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildBlobEvent, buildEnvelope, buildEvent } from "../support/builders";
import { mulberry32, mutateEnvelope, randomEnvelope, randomInt, type Rng } from "../support/fuzz";
import { startApp, type TestApp } from "../support/harness";
import { postEvents, statisticsText } from "../support/ingest-builders";

const ITERATIONS = 300;
const SEED = 20261127;

// Valid events to mutate: a push, a blob, a pull by digest, a digest delete.
const VALID_EVENTS = [
  buildEvent(),
  buildBlobEvent(),
  buildEvent({ action: "pull", request: { method: "GET" }, target: { tag: undefined } }),
  buildEvent({ action: "delete", target: { tag: undefined, mediaType: undefined, references: undefined } }),
];
const validEnvelope = buildEnvelope(VALID_EVENTS);

function body(rng: Rng, i: number): string | Buffer {
  switch (randomInt(rng, 6)) {
    case 0:
      return JSON.stringify(randomEnvelope(rng));
    case 1:
      // raw bytes: truncated JSON, invalid UTF-8, nothing at all
      return pickBytes(rng, i);
    default: {
      // One valid event with a fresh id, so a mutated copy that is still valid is a new event rather
      // than a duplicate; one event per body, as registries send, keeps the loop fast.
      const event = structuredClone(VALID_EVENTS[randomInt(rng, VALID_EVENTS.length)]) as { id: string };
      event.id = `fuzz-${i}-${event.id}`;
      return JSON.stringify(mutateEnvelope(rng, buildEnvelope([event])));
    }
  }
}

function pickBytes(rng: Rng, i: number): Buffer {
  const valid = JSON.stringify(validEnvelope);
  const choices = [
    Buffer.from(valid.slice(0, randomInt(rng, valid.length))),
    Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28]),
    Buffer.alloc(0),
    Buffer.from(`{"events":[${"[".repeat(500 + i)}`),
  ];
  return choices[randomInt(rng, choices.length)];
}

describe("fuzzing the ingest endpoint over HTTPS", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.stop());

  it(`when ${ITERATIONS} random and mutated bodies are posted, then no answer is a 5xx and rejected input changes nothing`, async () => {
    const rng = mulberry32(SEED);
    const statuses = new Map<number, number>();
    for (let i = 0; i < ITERATIONS; i += 1) {
      const payload = body(rng, i);
      const before = await statisticsText(app);
      const res = await postEvents(app, payload);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const context = `iteration ${i} (seed ${SEED}): ${String(payload).slice(0, 300)} → ${res.status} ${res.text}`;
      assert.ok(res.status < 500, context);
      const counted = res.status === 200 ? (res.json as { counted: number }).counted : 0;
      if (counted === 0) assert.equal(await statisticsText(app), before, `statistics changed: ${context}`);
    }
    assert.equal((await app.request("/healthz")).status, 200, "the server is still up");
    // the loop must have exercised both sides of the endpoint
    assert.ok((statuses.get(200) ?? 0) > 100, JSON.stringify([...statuses]));
    assert.ok((statuses.get(400) ?? 0) > 20, JSON.stringify([...statuses]));
  });
});
