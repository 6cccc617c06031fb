// Folding a batch's counted writes into one write per document, without a database.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foldCounted, type EventWrite, type FoldedWrite } from "../../../src/ingest/apply/fold";
import { classify } from "../../../src/ingest/events/classify";
import { planUpdates, type Doc } from "../../../src/ingest/plan/plan-event";
import { generateEvents } from "../../support/batch-generator";
import { parsed } from "../../support/builders";
import { mulberry32 } from "../../support/fuzz";
import { buildPull } from "../../support/ingest-builders";

let written = 0;

/** A counted write of the repository document by a fresh event, as plan-counters.ts builds it. */
function buildCounted(overrides: Partial<EventWrite> = {}): EventWrite {
  written += 1;
  return {
    eventId: `e${written}`,
    op: "counted",
    name: "repository",
    target: "repositories",
    key: { repositoryname: "team/app" },
    update: { $inc: { numpulls: 1 }, $setOnInsert: { numpushs: 0 } },
    ...overrides,
  };
}

const at = (iso: string) => new Date(iso);

/** The counted writes of raw events, as the applier folds them. */
function countedOf(raws: unknown[]): EventWrite[] {
  return raws.flatMap((raw, i) =>
    planUpdates(classify(parsed(raw)), at("2026-11-27T02:00:00Z"))
      .flat()
      .flatMap((w): EventWrite[] => (w.op === "counted" ? [{ ...w, eventId: `e${i}` }] : [])),
  );
}

/** Pairs of (operator, path) of one update that the database refuses to combine. */
function collisions(update: Doc): string[] {
  const entries = Object.entries(update).flatMap(([op, fields]) =>
    Object.keys(fields as Doc).map((path) => ({ op, path })),
  );
  return entries.flatMap((a, i) =>
    entries
      .slice(i + 1)
      .filter(
        (b) =>
          a.op !== b.op &&
          (a.path === b.path || a.path.startsWith(`${b.path}.`) || b.path.startsWith(`${a.path}.`)),
      )
      .map((b) => `${a.op} ${a.path} / ${b.op} ${b.path}`),
  );
}

const digestWrite = (folded: FoldedWrite[]) => folded.find((w) => w.target === "digests");

describe("folding counted writes", () => {
  it("when three pulls of one repository are folded, then one write increments by three", () => {
    const folded = foldCounted([buildCounted(), buildCounted(), buildCounted()]);
    assert.equal(folded.length, 1);
    assert.deepEqual(folded[0].update, { $inc: { numpulls: 3 }, $setOnInsert: { numpushs: 0 } });
  });

  it("when writes of different documents are folded, then each document keeps its own write, in first-seen order", () => {
    const other = buildCounted({ key: { repositoryname: "team/other" } });
    const daily = buildCounted({
      target: "daily",
      name: "daily",
      key: { repository: "team/app", day: "2026-11-27" },
    });
    const folded = foldCounted([buildCounted(), other, daily, buildCounted()]);
    assert.deepEqual(
      folded.map((w) => [w.target, w.key]),
      [
        ["repositories", { repositoryname: "team/app" }],
        ["repositories", { repositoryname: "team/other" }],
        ["daily", { repository: "team/app", day: "2026-11-27" }],
      ],
    );
    assert.deepEqual(folded[0].update.$inc, { numpulls: 2 });
  });

  it("when a pull and a push meet, then the push's counter replaces the pull's zero default", () => {
    const push = buildCounted({
      update: { $inc: { numpushs: 1 }, $setOnInsert: { numpulls: 0, numstars: 0 } },
    });
    const [folded] = foldCounted([buildCounted(), push]);
    assert.deepEqual(folded.update, { $inc: { numpulls: 1, numpushs: 1 }, $setOnInsert: { numstars: 0 } });
  });

  it("when first and last times are folded, then $min keeps the earliest and $max the latest", () => {
    const timed = (iso: string) =>
      buildCounted({
        update: { $inc: { numpulls: 1 }, $min: { firstpulled: at(iso) }, $max: { lastpulled: at(iso) } },
      });
    const [folded] = foldCounted([
      timed("2026-11-27T02:00:00Z"),
      timed("2026-11-27T01:00:00Z"),
      timed("2026-11-27T03:00:00Z"),
    ]);
    assert.deepEqual(folded.update.$min, { firstpulled: at("2026-11-27T01:00:00Z") });
    assert.deepEqual(folded.update.$max, { lastpulled: at("2026-11-27T03:00:00Z") });
  });

  it("when actor sets are folded, then each actor appears once and empty sets stay empty", () => {
    const actors = (...names: string[]) =>
      buildCounted({ update: { $addToSet: { actors: { $each: names }, starredBy: { $each: [] } } } });
    const [folded] = foldCounted([actors("alice"), actors("bob", "alice"), actors()]);
    assert.deepEqual(folded.update.$addToSet, {
      actors: { $each: ["alice", "bob"] },
      starredBy: { $each: [] },
    });
  });

  it("when an update uses an operator the fold does not know, then it refuses instead of guessing", () => {
    assert.throws(
      () => foldCounted([buildCounted({ update: { $mul: { numpulls: 2 } } })]),
      /cannot fold update operator \$mul/,
    );
  });

  it("when a pull listing references and one without are folded, then the empty default is dropped and the set wins", () => {
    const withReferences = buildPull("team/app");
    const without = buildPull("team/app", { target: { references: undefined } });
    for (const order of [
      [withReferences, without],
      [without, withReferences],
    ]) {
      const digest = digestWrite(foldCounted(countedOf(order)));
      assert.ok(digest?.foldable);
      assert.deepEqual(collisions(digest.update), []);
      assert.deepEqual((digest.update.$set as Doc).references, parsed(withReferences).target.references);
      assert.equal((digest.update.$addToSet as Doc | undefined)?.references, undefined);
      assert.equal((digest.update.$inc as Doc).pullCount, 2);
    }
  });

  it("when a default sits on the parent of a path another operator writes, then the default is dropped", () => {
    const [folded] = foldCounted([
      buildCounted({ update: { $setOnInsert: { stats: {} }, $addToSet: { tags: { $each: [] } } } }),
      buildCounted({ update: { $inc: { "stats.pulls": 1 }, $set: { tags: ["a"] } } }),
    ]);
    assert.deepEqual(folded.update, { $inc: { "stats.pulls": 1 }, $set: { tags: ["a"] } });
    assert.equal(folded.foldable, true);
  });

  it("when two events write one path under two operators, then the document is not folded and each event keeps its own update", () => {
    const first = buildCounted({ update: { $set: { numpulls: 5 } } });
    const second = buildCounted({ update: { $inc: { numpulls: 1 } } });
    const [folded] = foldCounted([first, second]);
    assert.equal(folded.foldable, false);
    assert.deepEqual(folded.update, {});
    assert.deepEqual(folded.parts, [
      { eventId: first.eventId, update: first.update },
      { eventId: second.eventId, update: second.update },
    ]);
  });

  it("when one event writes a path and another its child under another operator, then the document is not folded", () => {
    const [folded] = foldCounted([
      buildCounted({ update: { $set: { stats: { pulls: 1 } } } }),
      buildCounted({ update: { $max: { "stats.last": 3 } } }),
    ]);
    assert.equal(folded.foldable, false);
  });

  it("when the counted writes of generated mixed batches are folded, then no document's update combines one path under two operators", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const events = generateEvents(mulberry32(seed), "fold", 60, 2);
      const folded = foldCounted(countedOf(events.map((e) => e.raw)));
      assert.ok(folded.length > 0);
      for (const write of folded) {
        assert.ok(write.foldable, `seed ${seed}: ${write.target} ${JSON.stringify(write.key)} not foldable`);
        assert.deepEqual(collisions(write.update), [], `seed ${seed}: ${write.target}`);
        const sums: Doc = {};
        for (const part of write.parts) {
          for (const [path, n] of Object.entries((part.update.$inc as Doc | undefined) ?? {}))
            sums[path] = ((sums[path] as number | undefined) ?? 0) + (n as number);
        }
        assert.deepEqual(write.update.$inc ?? {}, sums, `seed ${seed}: ${write.target} increments`);
      }
    }
  });
});
