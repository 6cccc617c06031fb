import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { tagId } from "../../src/store/document-keys";
import {
  buildRepositories,
  buildRepository,
  buildStatsChange,
  buildTags,
  uniqueName,
} from "../support/stats-builders";
import { waitFor } from "../support/wait";
import { openGraphQLHarness, type GraphQLHarness } from "./graphql-harness";

// The in-memory read model behind lists, counts, registry totals and tag pages: how it follows what
// drec writes (changes on the stats bus), what others write (the periodic reload) and deletions.

interface ListResult {
  repositories: {
    totalCount: number;
    nodes: { name: string; pullCount: number; starCount: number; viewerHasStarred: boolean }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const LIST = `query ($first: Int, $after: String, $orderBy: RepositoryOrder, $filter: RepositoryFilter) {
  repositories(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount
    nodes { name pullCount starCount viewerHasStarred }
    pageInfo { hasNextPage endCursor }
  }
}`;

const REGISTRY = `{ registry { repositoryCount pushCount pullCount starCount } }`;

const TAGS = `query ($name: String!, $includeDeleted: Boolean! = false) {
  repository(name: $name) { tags(first: 100, includeDeleted: $includeDeleted) { totalCount nodes { name deleted pullCount } } }
}`;

describe("read model: following drec's own writes", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
  });
  after(() => h.close());

  const names = async (variables: Record<string, unknown>, user: string | null = null) =>
    (await h.data<ListResult>(LIST, { first: 100, ...variables }, user)).repositories.nodes.map(
      (n) => n.name,
    );

  it("when the read model starts, then it has loaded every repository and tag with one scan each", async () => {
    const h2 = await openGraphQLHarness();
    try {
      const docs = await buildRepositories(
        h2.models,
        Array.from({ length: 30 }, (_, i) => ({ repositoryname: `load/r${String(i).padStart(2, "0")}` })),
      );
      await buildTags(h2.models, docs[0].repositoryname, ["a", "b"]);
      h2.commandLog.length = 0;
      const stats = await h2.cache.reload();
      assert.equal(stats.repositories, 30);
      assert.equal(stats.tags, 2);
      assert.ok(stats.ms >= 0);
      assert.deepEqual(
        h2.commandLog.map((c) => `${c.name} ${c.collection}`),
        ["find registry-stats", "find drec_tags"],
      );
      assert.equal((await h2.data<ListResult>(LIST, { first: 0 })).repositories.totalCount, 30);
    } finally {
      await h2.close();
    }
  });

  it("when ingest publishes a change, then lists, counts and totals show the repository as re-read by _id", async () => {
    const name = uniqueName("follow/new");
    await buildRepository(h.models, { repositoryname: name, numpulls: 7, numpushs: 2 });
    assert.deepEqual(await names({ filter: { namePrefix: "follow/" } }), [], "not published yet");
    h.commandLog.length = 0;
    h.changes.publish([buildStatsChange({ repository: name })]);
    await h.cache.settled();
    assert.deepEqual(
      h.commandLog.map((c) => [c.collection, Object.keys(c.filter ?? {})]),
      [["registry-stats", ["_id"]]],
    );
    assert.deepEqual(await names({ filter: { namePrefix: "follow/" } }), [name]);
    const registry = await h.data<{ registry: Record<string, number> }>(REGISTRY);
    assert.deepEqual(registry.registry, { repositoryCount: 1, pushCount: 2, pullCount: 7, starCount: 0 });

    await h.models.repositories.updateOne({ _id: name }, { $inc: { numpulls: 5 } });
    h.changes.publish([buildStatsChange({ repository: name })]);
    await h.cache.settled();
    const page = await h.data<ListResult>(LIST, { filter: { namePrefix: "follow/" } });
    assert.equal(page.repositories.nodes[0].pullCount, 12);
    assert.equal((await h.data<{ registry: Record<string, number> }>(REGISTRY)).registry.pullCount, 12);
  });

  it("when a list is read right after a change is published, then it waits for that change", async () => {
    const name = uniqueName("ryw/app");
    await buildRepository(h.models, { repositoryname: name, numpulls: 1 });
    h.changes.publish([buildStatsChange({ repository: name })]);
    // No settled() here: the read itself waits for what was published before it.
    const [list, registry] = await Promise.all([
      h.data<ListResult>(LIST, { filter: { namePrefix: "ryw/" } }),
      h.data<{ registry: { repositoryCount: number } }>(REGISTRY),
    ]);
    assert.deepEqual(
      list.repositories.nodes.map((n) => n.name),
      [name],
    );
    assert.equal(registry.registry.repositoryCount, h.cache.list.size);
  });

  it("when many changes are published in one turn, then they are re-read together", async () => {
    const docs = await buildRepositories(
      h.models,
      Array.from({ length: 12 }, (_, i) => ({
        repositoryname: `batch/r${String(i).padStart(2, "0")}`,
        numpulls: i,
      })),
    );
    h.commandLog.length = 0;
    for (const doc of docs) h.changes.publish([buildStatsChange({ repository: doc.repositoryname })]);
    await h.cache.settled();
    assert.equal(h.commandLog.length, 1, JSON.stringify(h.commandLog));
    assert.deepEqual(
      await names({ filter: { namePrefix: "batch/" }, orderBy: { field: "PULLS", direction: "ASC" } }),
      docs.map((d) => d.repositoryname),
    );
  });

  it("when a change names tags, then the tag pages show them, deleted ones only when asked for", async () => {
    const name = uniqueName("tags/follow");
    await buildRepository(h.models, { repositoryname: name });
    await buildTags(h.models, name, ["v1", "latest", { tag: "old", deleted: true }]);
    h.changes.publish([buildStatsChange({ repository: name, tags: ["v1", "latest", "old"] })]);
    await h.cache.settled();
    const live = await h.data<{ repository: { tags: { totalCount: number; nodes: { name: string }[] } } }>(
      TAGS,
      { name },
    );
    assert.deepEqual(
      live.repository.tags.nodes.map((t) => t.name),
      ["latest", "v1"],
    );
    assert.equal(live.repository.tags.totalCount, 2);
    // A delete marks v1; a pull counts on latest.
    await h.models.tags.updateOne({ _id: tagId(name, "v1") }, { $set: { deleted: true } });
    await h.models.tags.updateOne({ _id: tagId(name, "latest") }, { $inc: { pullCount: 3 } });
    h.changes.publish([buildStatsChange({ repository: name, tags: ["v1", "latest"] })]);
    await h.cache.settled();
    const after = await h.data<{
      repository: {
        tags: { totalCount: number; nodes: { name: string; deleted: boolean; pullCount: number }[] };
      };
    }>(TAGS, { name, includeDeleted: true });
    assert.deepEqual(after.repository.tags.nodes, [
      { name: "latest", deleted: false, pullCount: 3 },
      { name: "old", deleted: true, pullCount: 0 },
      { name: "v1", deleted: true, pullCount: 0 },
    ]);
    assert.equal(after.repository.tags.totalCount, 3);
    const liveAfter = await h.data<{ repository: { tags: { totalCount: number } } }>(TAGS, { name });
    assert.equal(liveAfter.repository.tags.totalCount, 1);
  });

  it("when a repository is deleted, then it leaves lists, counts, totals and its tags go with it", async () => {
    const [gone, kept] = await buildRepositories(h.models, [
      { repositoryname: "del/gone", numpulls: 100, numstars: 1, starredBy: ["alice"] },
      { repositoryname: "del/kept", numpulls: 1 },
    ]);
    await buildTags(h.models, gone.repositoryname, ["latest"]);
    h.changes.publish([
      buildStatsChange({ repository: gone.repositoryname, tags: ["latest"] }),
      buildStatsChange({ repository: kept.repositoryname }),
    ]);
    await h.cache.settled();
    assert.deepEqual(await names({ filter: { namePrefix: "del/" } }), ["del/gone", "del/kept"]);
    const before = (await h.data<{ registry: Record<string, number> }>(REGISTRY)).registry;

    await h.models.repositories.deleteOne({ _id: gone.repositoryname });
    await h.models.tags.deleteMany({ repository: gone.repositoryname });
    h.changes.publish([buildStatsChange({ repository: gone.repositoryname, deleted: true })]);
    await h.cache.settled();

    assert.deepEqual(await names({ filter: { namePrefix: "del/" } }), ["del/kept"]);
    assert.deepEqual(await names({ filter: { starredByViewer: true } }, "alice"), []);
    const totals = (await h.data<{ registry: Record<string, number> }>(REGISTRY)).registry;
    assert.equal(totals.repositoryCount, before.repositoryCount - 1);
    assert.equal(totals.pullCount, before.pullCount - 100);
    assert.equal(totals.starCount, before.starCount - 1);
    assert.equal(h.cache.tags.slice(gone.repositoryname, 10, undefined, true).totalCount, 0);
    assert.deepEqual(await h.data(TAGS, { name: gone.repositoryname }), { repository: null });
  });

  it("when a user stars and unstars, then the star filter, STARS order and totals follow before the mutation answers", async () => {
    await buildRepositories(h.models, [
      { repositoryname: "stars/a", numstars: 0 },
      { repositoryname: "stars/b", numstars: 0 },
    ]);
    await h.sync();
    const STAR = `mutation ($name: String!) { starRepository(name: $name) { starCount } }`;
    const UNSTAR = `mutation ($name: String!) { unstarRepository(name: $name) { starCount } }`;
    const filter = { namePrefix: "stars/" };
    await h.data(STAR, { name: "stars/b" }, "alice");
    await h.data(STAR, { name: "stars/b" }, "bob");
    await h.data(STAR, { name: "stars/a" }, "bob");
    assert.deepEqual(await names({ filter: { ...filter, starredByViewer: true } }, "alice"), ["stars/b"]);
    assert.deepEqual(await names({ filter: { ...filter, starredByViewer: false } }, "alice"), ["stars/a"]);
    const byStars = await h.data<ListResult>(LIST, { filter, orderBy: { field: "STARS" } }, "alice");
    assert.deepEqual(
      byStars.repositories.nodes.map((n) => [n.name, n.starCount, n.viewerHasStarred]),
      [
        ["stars/b", 2, true],
        ["stars/a", 1, false],
      ],
    );
    await h.data(UNSTAR, { name: "stars/b" }, "alice");
    assert.deepEqual(await names({ filter: { ...filter, starredByViewer: true } }, "alice"), []);
    const after = await h.data<ListResult>(LIST, { filter, orderBy: { field: "STARS" } }, "alice");
    assert.deepEqual(
      after.repositories.nodes.map((n) => [n.name, n.starCount, n.viewerHasStarred]),
      [
        ["stars/a", 1, false],
        ["stars/b", 1, false],
      ],
    );
  });
});

describe("read model: writes drec is not told about", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness({ reloadIntervalMs: 100 });
  });
  after(() => h.close());

  it("when another client $incs numstars in the collection, then the periodic reload picks it up", async () => {
    await buildRepositories(h.models, [
      { repositoryname: "ext/a", numstars: 1 },
      { repositoryname: "ext/b", numstars: 2 },
    ]);
    await waitFor(async () => {
      const page = await h.data<ListResult>(LIST, {
        orderBy: { field: "STARS" },
        filter: { namePrefix: "ext/" },
      });
      return page.repositories.totalCount === 2;
    }, 5000);
    // A frontend writing the original collector's field directly, with the driver.
    await h.models.repositories.collection.updateOne({ repositoryname: "ext/a" }, { $inc: { numstars: 5 } });
    await waitFor(async () => {
      const page = await h.data<ListResult>(LIST, {
        orderBy: { field: "STARS" },
        filter: { namePrefix: "ext/" },
      });
      return page.repositories.nodes[0]?.name === "ext/a" && page.repositories.nodes[0].starCount === 6;
    }, 5000);
    const registry = await h.data<{ registry: { starCount: number } }>(REGISTRY);
    assert.equal(registry.registry.starCount, 8);
  });

  it("when another client deletes a repository, then the periodic reload drops it", async () => {
    await h.models.repositories.collection.deleteOne({ repositoryname: "ext/b" });
    await waitFor(async () => {
      const page = await h.data<ListResult>(LIST, { filter: { namePrefix: "ext/" } });
      return page.repositories.totalCount === 1;
    }, 5000);
  });
});

describe("read model: cursors while counts change", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
  });
  after(() => h.close());

  it("when listed repositories gain and unlisted ones lose pulls between pages, then every repository comes exactly once", async () => {
    const docs = await buildRepositories(
      h.models,
      Array.from({ length: 40 }, (_, i) => ({
        repositoryname: `move/r${String(i).padStart(2, "0")}`,
        numpulls: 1000 + (i % 9) * 10,
      })),
    );
    await h.sync();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const data: ListResult = await h.data<ListResult>(LIST, { first: 6, after: cursor });
      assert.equal(data.repositories.totalCount, docs.length);
      seen.push(...data.repositories.nodes.map((n) => n.name));
      // Repositories already listed are pulled (they move up, behind the cursor); the rest lose pulls
      // through a correction (they move down, ahead of it). Ingest publishes each change.
      const listed = new Set(seen);
      for (const doc of docs) {
        const step = listed.has(doc.repositoryname) ? 7 : -3;
        await h.models.repositories.updateOne({ _id: doc.repositoryname }, { $inc: { numpulls: step } });
      }
      h.changes.publish(docs.map((doc) => buildStatsChange({ repository: doc.repositoryname })));
      await h.cache.settled();
      if (!data.repositories.pageInfo.hasNextPage) break;
      cursor = data.repositories.pageInfo.endCursor;
    }
    assert.equal(new Set(seen).size, seen.length, "no repository is listed twice");
    assert.deepEqual([...seen].sort(), docs.map((d) => d.repositoryname).sort(), "no repository is skipped");
  });

  it("when repositories are deleted and added between pages (NAME), then the rest follow without gaps or repeats", async () => {
    const docs = await buildRepositories(
      h.models,
      Array.from({ length: 20 }, (_, i) => ({ repositoryname: `churn/r${String(i).padStart(2, "0")}` })),
    );
    await h.sync();
    const seen: string[] = [];
    let cursor: string | null = null;
    const deleted: string[] = [];
    for (let page = 0; page < 20; page++) {
      const data: ListResult = await h.data<ListResult>(LIST, {
        first: 4,
        after: cursor,
        orderBy: { field: "NAME" },
        filter: { namePrefix: "churn/" },
      });
      seen.push(...data.repositories.nodes.map((n) => n.name));
      // The last listed repository is deleted (the cursor points at it); a new one appears behind.
      const last = data.repositories.nodes[data.repositories.nodes.length - 1]?.name;
      if (last) {
        await h.models.repositories.deleteOne({ _id: last });
        deleted.push(last);
      }
      const added = `churn/a${page}`;
      await buildRepositories(h.models, [{ repositoryname: added }]);
      h.changes.publish([
        ...(last ? [buildStatsChange({ repository: last, deleted: true })] : []),
        buildStatsChange({ repository: added }),
      ]);
      await h.cache.settled();
      if (!data.repositories.pageInfo.hasNextPage) break;
      cursor = data.repositories.pageInfo.endCursor;
    }
    const original = seen.filter((name) => name.startsWith("churn/r"));
    assert.deepEqual(
      original,
      docs.map((d) => d.repositoryname),
    );
    assert.ok(deleted.length > 0);
  });
});
