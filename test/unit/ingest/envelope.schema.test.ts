import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_EVENTS_PER_ENVELOPE, parseEnvelope } from "../../../src/ingest/events/envelope.schema";
import { buildBlobEvent, buildEnvelope, buildEvent } from "../../support/builders";

const messageOf = (body: unknown): string => {
  const result = parseEnvelope(body);
  assert.equal(result.ok, false, "the body was accepted");
  return result.ok ? "" : result.message;
};

describe("parseEnvelope", () => {
  it("when the body is an envelope, then its events come back in order, unvalidated", () => {
    const events = [buildEvent(), buildBlobEvent()];
    assert.deepEqual(parseEnvelope(buildEnvelope(events)), { ok: true, events });
  });

  it("when an event inside is junk, then the envelope is still accepted (events are judged alone)", () => {
    const result = parseEnvelope(buildEnvelope([42, null, "x", buildEvent()]));
    assert.ok(result.ok);
    assert.equal(result.events.length, 4);
  });

  it("when the events array is empty, then the envelope is accepted with no events", () => {
    assert.deepEqual(parseEnvelope({ events: [] }), { ok: true, events: [] });
  });

  it("when the body has extra top-level fields, then they are ignored", () => {
    assert.deepEqual(parseEnvelope({ events: [], version: 2 }), { ok: true, events: [] });
  });

  for (const [body, type] of [
    [null, "null"],
    ["events", "string"],
    [7, "number"],
    [true, "boolean"],
    [[buildEvent()], "array"],
    [undefined, "undefined"],
  ] as const) {
    it(`when the body is ${type}, then it is rejected naming what it got`, () => {
      assert.equal(messageOf(body), `body must be a JSON object with an "events" array, got ${type}`);
    });
  }

  it('when the body has no "events", then it is rejected saying so', () => {
    assert.equal(
      messageOf({ event: [] }),
      'body must be a JSON object with an "events" array; "events" is missing',
    );
  });

  for (const [events, type] of [
    ["[]", "string"],
    [{ 0: buildEvent() }, "object"],
    [null, "null"],
    [3, "number"],
  ] as const) {
    it(`when "events" is ${type}, then it is rejected naming the type`, () => {
      assert.equal(messageOf({ events }), `"events" must be an array, got ${type}`);
    });
  }

  it(`when "events" holds exactly ${MAX_EVENTS_PER_ENVELOPE} events, then it is accepted`, () => {
    const result = parseEnvelope({ events: new Array(MAX_EVENTS_PER_ENVELOPE).fill({}) });
    assert.ok(result.ok);
    assert.equal(result.events.length, MAX_EVENTS_PER_ENVELOPE);
  });

  it(`when "events" holds more than ${MAX_EVENTS_PER_ENVELOPE} events, then it is rejected with both numbers`, () => {
    const count = MAX_EVENTS_PER_ENVELOPE + 1;
    assert.equal(
      messageOf({ events: new Array(count).fill({}) }),
      `"events" holds ${count} events; at most ${MAX_EVENTS_PER_ENVELOPE} are accepted per request`,
    );
  });
});
