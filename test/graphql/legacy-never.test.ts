// Documents the original 2015 collector wrote: it stored placeholder times instead of leaving "never
// pushed"/"never pulled" out. Source: kwk/docker-registry-event-collector, events/events.go
// (ProcessEventPullOrPush): `timeInFuture := time.Date(2099, time.January, 1, 0, 0, 0, 0, time.UTC)` and
// `timeInPast := time.Date(1970, time.January, 1, 0, 0, 0, 0, time.UTC)`; a pull's upsert did
// `$setOnInsert: {firstpushed: timeInFuture, lastpushed: timeInPast}`, a push's the same for
// firstpulled/lastpulled; both `$set: {repositoryname}`, `$setOnInsert: {numstars: 0}`,
// `$inc: {numpushs, numpulls}` and `$addToSet: {actors}`; the `_id` is an ObjectId.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildLegacyRepository } from "../support/stats-builders";
import { openGraphQLHarness, type GraphQLHarness } from "./graphql-harness";

const FUTURE = new Date(Date.UTC(2099, 0, 1, 0, 0, 0, 0));
const PAST = new Date(Date.UTC(1970, 0, 1, 0, 0, 0, 0));
const PUSHED = new Date("2015-09-01T10:00:00Z");
const PULLED = new Date("2015-09-02T11:00:00Z");
const LATER = new Date("2015-09-03T12:00:00Z");

const ONE = `query ($name: String!) { repository(name: $name) {
  name pushCount pullCount firstPushedAt lastPushedAt firstPulledAt lastPulledAt } }`;
const LIST = `query ($orderBy: RepositoryOrder) {
  repositories(first: 10, orderBy: $orderBy, filter: { search: "legacy-never" }) { nodes { name } } }`;

describe("documents of the original collector with its 'never' placeholders", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
    // Written by one push: the pull times are the placeholders.
    await buildLegacyRepository(h.models, {
      repositoryname: "legacy-never/a-pushed",
      numpushs: 1,
      numpulls: 0,
      numstars: 0,
      firstpushed: PUSHED,
      lastpushed: PUSHED,
      firstpulled: FUTURE,
      lastpulled: PAST,
      actors: ["alice"],
    });
    // Written by one pull: the push times are the placeholders.
    await buildLegacyRepository(h.models, {
      repositoryname: "legacy-never/b-pulled",
      numpushs: 0,
      numpulls: 1,
      numstars: 0,
      firstpushed: FUTURE,
      lastpushed: PAST,
      firstpulled: PULLED,
      lastpulled: PULLED,
      actors: ["bob"],
    });
    // Never pulled, with the field left out as drec writes it; sorts before "a-pushed" by name only.
    await buildLegacyRepository(h.models, {
      repositoryname: "legacy-never/0-drec",
      numpushs: 1,
      numpulls: 0,
      numstars: 0,
      firstpushed: PUSHED,
      lastpushed: PUSHED,
      actors: ["carol"],
    });
    // Never pushed, fields left out as drec writes them; sorts before "b-pulled" by name only.
    await buildLegacyRepository(h.models, {
      repositoryname: "legacy-never/1-drec",
      numpushs: 0,
      numpulls: 1,
      numstars: 0,
      firstpulled: LATER,
      lastpulled: LATER,
      actors: ["dave"],
    });
    await h.sync();
  });
  after(() => h.close());

  it("when a document written by a push is read, then its pull times are null", async () => {
    const data = await h.data<{ repository: unknown }>(ONE, { name: "legacy-never/a-pushed" });
    assert.deepEqual(data.repository, {
      name: "legacy-never/a-pushed",
      pushCount: 1,
      pullCount: 0,
      firstPushedAt: PUSHED.toISOString(),
      lastPushedAt: PUSHED.toISOString(),
      firstPulledAt: null,
      lastPulledAt: null,
    });
  });

  it("when a document written by a pull is read, then its push times are null", async () => {
    const data = await h.data<{ repository: unknown }>(ONE, { name: "legacy-never/b-pulled" });
    assert.deepEqual(data.repository, {
      name: "legacy-never/b-pulled",
      pushCount: 0,
      pullCount: 1,
      firstPushedAt: null,
      lastPushedAt: null,
      firstPulledAt: PULLED.toISOString(),
      lastPulledAt: PULLED.toISOString(),
    });
  });

  for (const [field, expected] of [
    [
      "LAST_PULLED",
      ["legacy-never/1-drec", "legacy-never/b-pulled", "legacy-never/0-drec", "legacy-never/a-pushed"],
    ],
    [
      "LAST_PUSHED",
      ["legacy-never/0-drec", "legacy-never/a-pushed", "legacy-never/1-drec", "legacy-never/b-pulled"],
    ],
  ] as const) {
    it(`when sorted by ${field} descending, then the placeholders sort with the never-set ones`, async () => {
      const data = await h.data<{ repositories: { nodes: { name: string }[] } }>(LIST, {
        orderBy: { field, direction: "DESC" },
      });
      assert.deepEqual(
        data.repositories.nodes.map((n) => n.name),
        expected,
      );
    });
  }
});
