import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildRepository } from "../support/stats-builders";
import { errorCodes, openGraphQLHarness, type GraphQLHarness } from "./graphql-harness";

const STAR = `mutation ($name: String!) { starRepository(name: $name) { name starCount viewerHasStarred } }`;
const UNSTAR = `mutation ($name: String!) { unstarRepository(name: $name) { name starCount viewerHasStarred } }`;

// Storms ask for the count only: every request is then exactly one update and one read.
const LEAN_STAR = `mutation ($name: String!) { starRepository(name: $name) { starCount } }`;
const LEAN_UNSTAR = `mutation ($name: String!) { unstarRepository(name: $name) { starCount } }`;

type Starred = { starCount: number; viewerHasStarred: boolean };

describe("starRepository and unstarRepository", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
  });
  after(() => h.close());

  const stored = async (name: string) => {
    const doc = await h.models.repositories.findOne({ repositoryname: name }).lean();
    assert.ok(doc);
    return { numstars: doc.numstars, starredBy: [...doc.starredBy].sort() };
  };

  it("when a user stars twice, then the star is recorded once", async () => {
    await buildRepository(h.models, { repositoryname: "star/a" });
    const first = await h.data<{ starRepository: Starred }>(STAR, { name: "star/a" }, "alice");
    assert.deepEqual(first.starRepository, { name: "star/a", starCount: 1, viewerHasStarred: true });
    const again = await h.data<{ starRepository: Starred }>(STAR, { name: "star/a" }, "alice");
    assert.deepEqual(again.starRepository, { name: "star/a", starCount: 1, viewerHasStarred: true });
    await h.data(STAR, { name: "star/a" }, "bob");
    assert.deepEqual(await stored("star/a"), { numstars: 2, starredBy: ["alice", "bob"] });
  });

  it("when a user unstars twice, then only their star is removed, once", async () => {
    const first = await h.data<{ unstarRepository: Starred }>(UNSTAR, { name: "star/a" }, "alice");
    assert.deepEqual(first.unstarRepository, { name: "star/a", starCount: 1, viewerHasStarred: false });
    const again = await h.data<{ unstarRepository: Starred }>(UNSTAR, { name: "star/a" }, "alice");
    assert.deepEqual(again.unstarRepository, { name: "star/a", starCount: 1, viewerHasStarred: false });
    assert.deepEqual(await stored("star/a"), { numstars: 1, starredBy: ["bob"] });
  });

  it("when a user who never starred unstars, then nothing changes", async () => {
    await h.data(UNSTAR, { name: "star/a" }, "carol");
    assert.deepEqual(await stored("star/a"), { numstars: 1, starredBy: ["bob"] });
  });

  it("when one operation stars and then unstars, then each result shows the state after its own step", async () => {
    await buildRepository(h.models, { repositoryname: "star/both" });
    const data = await h.data<{ s: Starred; u: Starred }>(
      `mutation { s: starRepository(name: "star/both") { starCount viewerHasStarred }
                  u: unstarRepository(name: "star/both") { starCount viewerHasStarred } }`,
      {},
      "alice",
    );
    assert.deepEqual(data, {
      s: { starCount: 1, viewerHasStarred: true },
      u: { starCount: 0, viewerHasStarred: false },
    });
  });

  it("when the repository is unknown, then NOT_FOUND and nothing is created", async () => {
    for (const query of [STAR, UNSTAR]) {
      const result = await h.run(query, { name: "star/missing" }, "alice");
      assert.deepEqual(errorCodes(result), ["NOT_FOUND"]);
      assert.equal(result.data, null);
    }
    assert.equal(await h.models.repositories.countDocuments({ repositoryname: "star/missing" }), 0);
  });

  it("when nobody is authenticated, then UNAUTHENTICATED and nothing changes", async () => {
    for (const query of [STAR, UNSTAR])
      assert.deepEqual(errorCodes(await h.run(query, { name: "star/a" })), ["UNAUTHENTICATED"]);
    assert.deepEqual(await stored("star/a"), { numstars: 1, starredBy: ["bob"] });
  });

  it("when a star changes something, then REPOSITORY_UPDATED is published; a no-op publishes nothing", async () => {
    await buildRepository(h.models, { repositoryname: "star/pub" });
    const published: string[] = [];
    const iterator = h.updates.subscribe("REPOSITORY_UPDATED")[Symbol.asyncIterator]();
    const collect = (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        published.push(next.value);
      }
    })();
    await h.data(STAR, { name: "star/pub" }, "alice");
    await h.data(STAR, { name: "star/pub" }, "alice");
    await h.data(UNSTAR, { name: "star/pub" }, "alice");
    await h.data(UNSTAR, { name: "star/pub" }, "alice");
    await new Promise((resolve) => setImmediate(resolve));
    await iterator.return?.();
    await collect;
    assert.deepEqual(published, ["star/pub", "star/pub"]);
  });

  it("when many users star and unstar concurrently, then numstars equals the number of star records", async () => {
    await buildRepository(h.models, { repositoryname: "star/storm" });
    const users = Array.from({ length: 25 }, (_, i) => `user${i}`);
    const operations = Array.from({ length: 120 }, (_, i) => {
      const user = users[(i * 7) % users.length];
      return h.run(i % 3 === 2 ? LEAN_UNSTAR : LEAN_STAR, { name: "star/storm" }, user);
    });
    const results = await Promise.all(operations);
    assert.deepEqual(
      results.flatMap((r) => r.errors ?? []),
      [],
    );
    const { numstars, starredBy } = await stored("star/storm");
    assert.equal(numstars, starredBy.length);
    assert.equal(new Set(starredBy).size, starredBy.length, "each user at most once");
    const viewer = await h.data<{ repositories: { nodes: { name: string }[] } }>(
      `{ repositories(filter: { starredByViewer: true, namePrefix: "star/storm" }) { nodes { name } } }`,
      {},
      starredBy[0] ?? "user0",
    );
    assert.equal(viewer.repositories.nodes.length, starredBy.length ? 1 : 0);
  });

  it("when many users star at the same moment, then no star is lost", async () => {
    await buildRepository(h.models, { repositoryname: "star/rush" });
    const users = Array.from({ length: 40 }, (_, i) => `rush${i}`);
    await Promise.all(users.map((user) => h.data(LEAN_STAR, { name: "star/rush" }, user)));
    assert.deepEqual(await stored("star/rush"), { numstars: users.length, starredBy: [...users].sort() });
  });

  it("when star storms hit several repositories at once, then every one stays consistent", async () => {
    const names = ["star/s1", "star/s2", "star/s3"];
    for (const name of names) await buildRepository(h.models, { repositoryname: name });
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        h.run(
          Math.random() < 0.55 ? LEAN_STAR : LEAN_UNSTAR,
          { name: names[i % 3] },
          `u${Math.floor(Math.random() * 12)}`,
        ),
      ),
    );
    assert.deepEqual(
      results.flatMap((r) => r.errors ?? []),
      [],
    );
    for (const name of names) {
      const { numstars, starredBy } = await stored(name);
      assert.equal(numstars, starredBy.length, name);
      assert.equal(new Set(starredBy).size, starredBy.length, name);
    }
  });
});
