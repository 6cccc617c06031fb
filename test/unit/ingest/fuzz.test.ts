import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classify } from "../../../src/ingest/events/classify";
import { parseEnvelope } from "../../../src/ingest/events/envelope.schema";
import { parseEvent, REPOSITORY_PATTERN } from "../../../src/ingest/events/event.schema";
import type { ClassifiedEvent, EventKind } from "../../../src/ingest/events/event.types";
import { buildBlobEvent, buildEnvelope, buildEvent } from "../../support/builders";
import { mulberry32, mutateEnvelope, randomEnvelope, type Rng } from "../../support/fuzz";

const KINDS: readonly EventKind[] = [
  "push",
  "push-untagged",
  "pull",
  "pull-index",
  "delete-digest",
  "delete-tag",
  "delete-repository",
  "rename",
  "ignored",
];

const validEnvelope = buildEnvelope([
  buildEvent(),
  buildBlobEvent(),
  buildEvent({ action: "pull", request: { method: "GET" }, target: { tag: undefined } }),
  buildEvent({ action: "delete", target: { tag: undefined, mediaType: undefined, references: undefined } }),
]);

function assertWellFormed(classified: ClassifiedEvent): void {
  assert.ok(KINDS.includes(classified.kind), classified.kind);
  assert.equal(typeof classified.id, "string");
  assert.ok(classified.id.length > 0);
  assert.match(classified.repository, REPOSITORY_PATTERN);
  assert.ok(!Number.isNaN(classified.timestamp.getTime()));
  assert.equal(classified.kind === "ignored", typeof classified.reason === "string");
  assert.notEqual(classified.actor, "");
}

type Tally = { rejectedBodies: number; rejectedEvents: number; kinds: Set<EventKind> };

function check(body: unknown, tally: Tally): void {
  const envelope = parseEnvelope(body);
  if (!envelope.ok) {
    assert.ok(envelope.message.length > 0 && envelope.message.length < 300, envelope.message);
    tally.rejectedBodies += 1;
    return;
  }
  for (const raw of envelope.events) {
    const result = parseEvent(raw);
    if (!result.ok) {
      assert.ok(result.reason.length > 0 && result.reason.length < 300, result.reason);
      tally.rejectedEvents += 1;
      continue;
    }
    const classified = classify(result.event);
    assertWellFormed(classified);
    tally.kinds.add(classified.kind);
  }
}

describe("fuzzing parse and classify", () => {
  it("when 2000 garbage and near-valid bodies are read, then nothing throws and every result is well formed", () => {
    const seed = 20261127;
    const rng: Rng = mulberry32(seed);
    const tally: Tally = { rejectedBodies: 0, rejectedEvents: 0, kinds: new Set() };
    const pristine = JSON.stringify(validEnvelope);
    for (let i = 0; i < 2000; i += 1) {
      const body = i % 2 === 0 ? randomEnvelope(rng) : mutateEnvelope(rng, validEnvelope);
      assert.doesNotThrow(() => check(body, tally), `input #${i} (seed ${seed})`);
    }
    assert.equal(JSON.stringify(validEnvelope), pristine, "mutateEnvelope left its input alone");
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    // The fuzzer must reach every outcome, or it tests less than it claims.
    assert.ok(tally.rejectedBodies > 50, `only ${tally.rejectedBodies} bodies rejected`);
    assert.ok(tally.rejectedEvents > 50, `only ${tally.rejectedEvents} events rejected`);
    assert.ok(tally.kinds.size >= 5, `kinds reached: ${[...tally.kinds].join(", ")}`);
  });

  it("when the same seed is used twice, then the same inputs come out", () => {
    const run = () => {
      const rng = mulberry32(7);
      return JSON.stringify([randomEnvelope(rng), mutateEnvelope(rng, validEnvelope), randomEnvelope(rng)]);
    };
    assert.equal(run(), run());
  });

  it("when inputs are generated, then they survive a JSON round trip (so they can be posted)", () => {
    const rng = mulberry32(11);
    for (let i = 0; i < 200; i += 1) {
      const body = i % 2 === 0 ? randomEnvelope(rng) : mutateEnvelope(rng, validEnvelope);
      assert.equal(typeof JSON.stringify(body), "string", `input #${i}`);
    }
  });
});
