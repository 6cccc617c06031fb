// The write plans, without a database: which documents each kind of event touches and how.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classify } from "../../src/ingest/events/classify";
import { planUpdates, type WriteChain } from "../../src/ingest/plan/plan-event";
import { buildBlobEvent, parsed } from "../support/builders";
import {
  buildDeleteDigest,
  buildDeleteRepository,
  buildDeleteTag,
  buildPull,
  buildPush,
} from "../support/ingest-builders";

const RECEIVED = new Date("2026-11-27T02:00:00Z");
const plan = (raw: unknown) => planUpdates(classify(parsed(raw)), RECEIVED);
/** The documents a plan's counted writes touch: those that get the batch marker. */
const markedDocuments = (chains: WriteChain[]) => chains.flat().filter((write) => write.op === "counted");
const names = (raw: unknown) => plan(raw).map((chain) => chain.map((write) => write.name));

describe("planning the writes of an event", () => {
  it("when a tagged push is planned, then it counts on the repository, tag, actor and day and records the digest", () => {
    assert.deepEqual(names(buildPush("team/app")), [
      ["repository"],
      ["tag", "tag.current", "tag.undelete", "tag.digest-deleted"],
      ["digest", "digest.pusher", "digest.undelete"],
      ["actor"],
      ["daily"],
    ]);
    const [[repository]] = plan(buildPush("team/app"));
    assert.deepEqual(repository, {
      op: "counted",
      name: "repository",
      target: "repositories",
      key: { repositoryname: "team/app" },
      update: {
        $inc: { numpushs: 1 },
        $setOnInsert: { numpulls: 0, numstars: 0, createdAt: RECEIVED },
        $min: { firstpushed: new Date("2026-11-27T01:37:45.028Z") },
        $max: { lastpushed: new Date("2026-11-27T01:37:45.028Z") },
        $addToSet: { actors: { $each: ["alice"] }, starredBy: { $each: [] } },
      },
    });
  });

  it("when an anonymous pull by digest is planned, then no actor record and no tag are touched", () => {
    const pull = buildPull("team/app", { actor: { name: "" }, target: { tag: undefined } });
    assert.deepEqual(names(pull), [["repository"], ["digest"], ["daily"]]);
    const [[repository]] = plan(pull);
    assert.ok(repository.op === "counted");
    assert.deepEqual(repository.update.$addToSet, {
      actors: { $each: [] },
      starredBy: { $each: [] },
    });
  });

  it("when an index GET by tag is planned, then the digest pull counts and the client's tag is remembered", () => {
    const index = buildPull("team/app", { target: { mediaType: "application/vnd.oci.image.index.v1+json" } });
    assert.deepEqual(names(index), [["digest"], ["client", "client.tag"]]);
  });

  it("when a GET by digest credited to two tags is planned, then each tag gets a counted pull", () => {
    const event = {
      ...classify(parsed(buildPull("team/app", { target: { tag: undefined } }))),
      credit: ["a", "b"],
    };
    const tagWrites = planUpdates(event, RECEIVED)
      .flat()
      .filter((write) => write.op === "counted" && write.target === "tags");
    assert.deepEqual(
      tagWrites.map((write) => (write.op === "counted" ? write.key : undefined)),
      [
        { repository: "team/app", tag: "a" },
        { repository: "team/app", tag: "b" },
      ],
    );
  });

  it("when an automated pull is planned, then it counts in automatedPullCount too and moves lastPulledAt only if configured", () => {
    const event = classify(parsed(buildPull("team/app")));
    const counted = (moveLastPulled: boolean) =>
      planUpdates({ ...event, automated: { moveLastPulled } }, RECEIVED)
        .flat()
        .filter(
          (write) => write.op === "counted" && ["repositories", "tags", "digests"].includes(write.target),
        )
        .map((write) => (write.op === "counted" ? [write.target, write.update.$inc, write.update.$max] : []));
    assert.deepEqual(counted(false), [
      ["repositories", { numpulls: 1, automatedPullCount: 1 }, undefined],
      ["tags", { pullCount: 1, automatedPullCount: 1 }, undefined],
      // The digest keeps the automated pull's time apart, for staleImages(includeAutomated).
      ["digests", { pullCount: 1, automatedPullCount: 1 }, { lastAutomatedPulledAt: event.timestamp }],
    ]);
    assert.deepEqual(
      counted(true).map(([target, , $max]) => [target, $max]),
      [
        ["repositories", { lastpulled: event.timestamp }],
        ["tags", { lastPulledAt: event.timestamp }],
        ["digests", { lastPulledAt: event.timestamp, lastAutomatedPulledAt: event.timestamp }],
      ],
    );
  });

  it("when a HEAD by tag is planned, then checks count on the repository, tag and digest and the client's tag is remembered", () => {
    const check = buildPull("team/app", { request: { method: "HEAD" } });
    assert.deepEqual(names(check), [
      ["repository.check"],
      ["tag.check"],
      ["digest.check"],
      ["client", "client.tag"],
    ]);
    assert.deepEqual(
      markedDocuments(plan(check)).map((write) => [write.target, write.update.$inc]),
      [
        ["repositories", { checkCount: 1 }],
        ["tags", { checkCount: 1 }],
        ["digests", { checkCount: 1 }],
      ],
    );
  });

  it("when an untagged manifest push is planned, then only the digest record is written", () => {
    assert.deepEqual(names(buildPush("team/app", { target: { tag: undefined } })), [
      ["digest", "digest.pusher", "digest.undelete"],
    ]);
  });

  it("when deletes are planned, then they write deletion marks and never counters", () => {
    assert.deepEqual(names(buildDeleteTag("team/app")), [["tag.delete", "tag.deleted"]]);
    assert.deepEqual(names(buildDeleteDigest("team/app")), [
      ["digest.delete", "digest.deleted", "tags.deleted"],
    ]);
    assert.deepEqual(names(buildDeleteRepository("team/app")), [
      ["repository.delete"],
      ["tags.delete"],
      ["digests.delete"],
      ["actors.delete"],
      ["daily.delete"],
      ["clients.delete"],
    ]);
    for (const raw of [buildDeleteTag("a/b"), buildDeleteDigest("a/b"), buildDeleteRepository("a/b")]) {
      assert.deepEqual(markedDocuments(plan(raw)), []);
    }
  });

  it("when a blob event is planned, then nothing is written", () => {
    assert.deepEqual(plan(buildBlobEvent()), []);
  });

  it("when a push is applied, then its markers are on the counted documents only", () => {
    assert.deepEqual(
      markedDocuments(plan(buildPush("team/app"))).map((doc) => doc.target),
      ["repositories", "tags", "actors", "daily"],
    );
  });
});
