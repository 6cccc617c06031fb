// Folding a batch's counted writes into one write per document, without a database.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { foldCounted } from "../../../src/ingest/batch/fold";
import type { PlannedWrite } from "../../../src/ingest/commands/plan-types";

type Counted = PlannedWrite & { op: "counted" };

/** A counted write of the repository document, as plan-counters.ts builds it. */
function buildCounted(overrides: Partial<Counted> = {}): Counted {
  return {
    op: "counted",
    name: "repository",
    target: "repositories",
    key: { repositoryname: "team/app" },
    update: { $inc: { numpulls: 1 }, $setOnInsert: { numpushs: 0 } },
    ...overrides,
  };
}

const at = (iso: string) => new Date(iso);

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
});
