import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { lastDays } from "../../src/stats/activity.service";
import {
  buildActor,
  buildDaily,
  buildRepositories,
  buildRepository,
  buildTags,
  dayAgo,
} from "../support/stats-builders";
import { errorCodes, openGraphQLHarness, type GraphQLHarness } from "./graphql-harness";

interface TagsResult {
  repository: {
    tags: {
      edges: { cursor: string; node: { name: string; deleted: boolean; pushCount: number } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      totalCount: number;
    };
  };
}

const TAGS = `query ($name: String!, $first: Int, $after: String, $includeDeleted: Boolean! = false) {
  repository(name: $name) {
    tags(first: $first, after: $after, includeDeleted: $includeDeleted) {
      edges { cursor node { name deleted pushCount } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
}`;

describe("Repository.tags", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
    await buildRepository(h.models, { repositoryname: "tags/app" });
    await buildRepository(h.models, { repositoryname: "tags/empty" });
    await buildTags(h.models, "tags/app", [
      "v2",
      "latest",
      "v1",
      { tag: "old", deleted: true },
      { tag: "v10", pushCount: 4 },
      "A-upper",
    ]);
    await h.sync();
  });
  after(() => h.close());

  const tagNames = (data: TagsResult) => data.repository.tags.edges.map((e) => e.node.name);

  it("when tags are asked for, then live tags come by name (byte order) with totalCount", async () => {
    const data = await h.data<TagsResult>(TAGS, { name: "tags/app" });
    assert.deepEqual(tagNames(data), ["A-upper", "latest", "v1", "v10", "v2"]);
    assert.equal(data.repository.tags.totalCount, 5);
    assert.equal(data.repository.tags.pageInfo.hasNextPage, false);
    assert.equal(data.repository.tags.edges[3].node.pushCount, 4);
  });

  it("when includeDeleted is true, then deleted tags are listed and counted too", async () => {
    const data = await h.data<TagsResult>(TAGS, { name: "tags/app", includeDeleted: true });
    assert.deepEqual(tagNames(data), ["A-upper", "latest", "old", "v1", "v10", "v2"]);
    assert.equal(data.repository.tags.edges[2].node.deleted, true);
    assert.equal(data.repository.tags.totalCount, 6);
  });

  it("when tags are paged two at a time, then every tag comes once and totalCount stays whole", async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const data: TagsResult = await h.data<TagsResult>(TAGS, { name: "tags/app", first: 2, after: cursor });
      assert.equal(data.repository.tags.totalCount, 5);
      names.push(...tagNames(data));
      if (!data.repository.tags.pageInfo.hasNextPage) break;
      cursor = data.repository.tags.pageInfo.endCursor;
    }
    assert.deepEqual(names, ["A-upper", "latest", "v1", "v10", "v2"]);
  });

  it("when a repository has no tags, then the connection is empty", async () => {
    const data = await h.data<TagsResult>(TAGS, { name: "tags/empty" });
    assert.deepEqual(data.repository.tags, {
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
  });

  it("when first is above 100 or the cursor is foreign, then BAD_USER_INPUT", async () => {
    assert.deepEqual(errorCodes(await h.run(TAGS, { name: "tags/app", first: 101 })), ["BAD_USER_INPUT"]);
    assert.deepEqual(errorCodes(await h.run(TAGS, { name: "tags/app", after: "eyJ4IjoxfQ" })), [
      "BAD_USER_INPUT",
    ]);
  });

  it("when two aliases ask different pages of the same repository, then each gets its own page", async () => {
    const data = await h.data<{
      repository: { a: { nodes: { name: string }[] }; b: { nodes: { name: string }[] } };
    }>(
      `{ repository(name: "tags/app") { a: tags(first: 1) { nodes { name } } b: tags(first: 2, includeDeleted: true) { nodes { name } } } }`,
    );
    assert.deepEqual(data.repository.a.nodes, [{ name: "A-upper" }]);
    assert.deepEqual(data.repository.b.nodes, [{ name: "A-upper" }, { name: "latest" }]);
  });

  it("when many repositories ask for pages at once, then each gets the page it would get alone, in one query", async () => {
    const names = ["batch/a", "batch/b", "batch/c", "batch/d"];
    await buildRepositories(
      h.models,
      names.map((repositoryname) => ({ repositoryname })),
    );
    for (const [i, name] of names.entries())
      await buildTags(
        h.models,
        name,
        Array.from({ length: i + 2 }, (_, j) => `t${j}`),
      );
    await h.sync();
    const requests = names.flatMap((repository) => [
      { repository, first: 2, includeDeleted: false },
      { repository, first: 10, after: "t0", includeDeleted: false },
    ]);
    h.commands.length = 0;
    const together = await h.services.tags.pages(requests);
    assert.deepEqual(h.commands, ["find"]);
    const alone = await Promise.all(requests.map(async (r) => (await h.services.tags.pages([r]))[0]));
    assert.deepEqual(together, alone);
    assert.deepEqual(
      together.map((page) => [page.tags.map((t) => t.name), page.hasNextPage, page.totalCount]),
      [
        [["t0", "t1"], false, 2],
        [["t1"], false, 2],
        [["t0", "t1"], true, 3],
        [["t1", "t2"], false, 3],
        [["t0", "t1"], true, 4],
        [["t1", "t2", "t3"], false, 4],
        [["t0", "t1"], true, 5],
        [["t1", "t2", "t3", "t4"], false, 5],
      ],
    );
  });
});

describe("Repository.activity", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
    await buildRepository(h.models, { repositoryname: "act/app" });
    await buildRepository(h.models, { repositoryname: "act/quiet" });
    await buildDaily(h.models, { repository: "act/app", day: dayAgo(0), pullCount: 5, pushCount: 1 });
    await buildDaily(h.models, { repository: "act/app", day: dayAgo(2), pullCount: 3 });
    await buildDaily(h.models, { repository: "act/app", day: dayAgo(29), pushCount: 2 });
    await buildDaily(h.models, { repository: "act/app", day: dayAgo(30), pullCount: 100 });
    await buildDaily(h.models, { repository: "act/app", day: dayAgo(400), pullCount: 100 });
  });
  after(() => h.close());

  type Day = { date: string; pushCount: number; pullCount: number };
  const activity = async (name: string, days?: number | null) =>
    (
      await h.data<{ repository: { activity: Day[] } }>(
        `query ($name: String!, $days: Int) { repository(name: $name) { activity(days: $days) { date pushCount pullCount } } }`,
        { name, ...(days === undefined ? {} : { days }) },
      )
    ).repository.activity;

  it("when days is not given, then 30 UTC days end today, oldest first, with empty days as zeros", async () => {
    const days = await activity("act/app");
    assert.equal(days.length, 30);
    assert.deepEqual(
      days.map((d) => d.date),
      lastDays(new Date(), 30),
    );
    assert.deepEqual(days[29], { date: dayAgo(0), pushCount: 1, pullCount: 5 });
    assert.deepEqual(days[27], { date: dayAgo(2), pushCount: 0, pullCount: 3 });
    assert.deepEqual(days[0], { date: dayAgo(29), pushCount: 2, pullCount: 0 });
    assert.equal(
      days.reduce((sum, d) => sum + d.pullCount, 0),
      8,
      "the bucket 30 days ago is outside",
    );
  });

  it("when days is 1, 31 or 366, then exactly that many days are returned", async () => {
    assert.deepEqual(await activity("act/app", 1), [{ date: dayAgo(0), pushCount: 1, pullCount: 5 }]);
    assert.equal((await activity("act/app", 31))[0].pullCount, 100);
    const year = await activity("act/app", 366);
    assert.equal(year.length, 366);
    assert.equal(
      year.reduce((sum, d) => sum + d.pullCount, 0),
      108,
    );
    assert.equal((await activity("act/app", null)).length, 30);
  });

  it("when a repository had no activity, then every day is zero", async () => {
    const days = await activity("act/quiet", 7);
    assert.deepEqual(
      days.map((d) => d.pullCount + d.pushCount),
      [0, 0, 0, 0, 0, 0, 0],
    );
  });

  it("when days is outside 1..366, then BAD_USER_INPUT", async () => {
    for (const days of [0, -3, 367]) {
      const result = await h.run(`{ repository(name: "act/app") { activity(days: ${days}) { date } } }`);
      assert.deepEqual(errorCodes(result), ["BAD_USER_INPUT"], String(days));
    }
  });

  it("when aliases ask different windows in one operation, then each gets its own window", async () => {
    const data = await h.data<{ repository: { week: Day[]; month: Day[] } }>(
      `{ repository(name: "act/app") { week: activity(days: 7) { date pullCount } month: activity { date pullCount } } }`,
    );
    assert.equal(data.repository.week.length, 7);
    assert.equal(data.repository.month.length, 30);
    assert.deepEqual(data.repository.week, data.repository.month.slice(23));
  });
});

describe("Repository.actorStats, Query.registry and Query.viewer", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
  });
  after(() => h.close());

  it("when nothing is stored, then the registry totals are zero", async () => {
    assert.deepEqual(await h.data(`{ registry { repositoryCount pushCount pullCount starCount } }`), {
      registry: { repositoryCount: 0, pushCount: 0, pullCount: 0, starCount: 0 },
    });
  });

  it("when repositories are stored, then the registry sums their counts exactly beyond 2^31", async () => {
    await buildRepositories(h.models, [
      { repositoryname: "sum/a", numpushs: 3, numpulls: 2 ** 31, numstars: 1 },
      { repositoryname: "sum/b", numpushs: 4, numpulls: 2 ** 32, numstars: 2 },
      { repositoryname: "sum/c", numpushs: 0, numpulls: 1, numstars: 0 },
    ]);
    await h.sync();
    assert.deepEqual(await h.data(`{ registry { repositoryCount pushCount pullCount starCount } }`), {
      registry: { repositoryCount: 3, pushCount: 7, pullCount: 2 ** 31 + 2 ** 32 + 1, starCount: 3 },
    });
  });

  it("when actorStats is asked, then the busiest actors come first, ties by name, limited by first", async () => {
    await buildActor(h.models, {
      repository: "sum/a",
      actor: "zed",
      pushCount: 1,
      pullCount: 1,
      lastSeenAt: new Date("2024-01-01T00:00:00Z"),
    });
    await buildActor(h.models, { repository: "sum/a", actor: "amy", pushCount: 0, pullCount: 2 });
    await buildActor(h.models, { repository: "sum/a", actor: "ci", pushCount: 9, pullCount: 0 });
    await buildActor(h.models, { repository: "sum/b", actor: "bob", pullCount: 1 });
    const data = await h.data<{ repository: { all: unknown[]; top: unknown[] } }>(
      `{ repository(name: "sum/a") { all: actorStats { name pushCount pullCount lastSeenAt } top: actorStats(first: 1) { name } } }`,
    );
    assert.deepEqual(data.repository.all, [
      { name: "ci", pushCount: 9, pullCount: 0, lastSeenAt: null },
      { name: "amy", pushCount: 0, pullCount: 2, lastSeenAt: null },
      { name: "zed", pushCount: 1, pullCount: 1, lastSeenAt: "2024-01-01T00:00:00.000Z" },
    ]);
    assert.deepEqual(data.repository.top, [{ name: "ci" }]);
    const none = await h.data<{ repository: { actorStats: unknown[] } }>(
      `{ repository(name: "sum/c") { actorStats { name } } }`,
    );
    assert.deepEqual(none.repository.actorStats, []);
    assert.deepEqual(
      errorCodes(await h.run(`{ repository(name: "sum/a") { actorStats(first: 101) { name } } }`)),
      ["BAD_USER_INPUT"],
    );
  });

  it("when the viewer is anonymous, then viewer is null; with a user, then it names them", async () => {
    assert.deepEqual(await h.data(`{ viewer { name } }`), { viewer: null });
    assert.deepEqual(await h.data(`{ viewer { name } }`, {}, "alice"), { viewer: { name: "alice" } });
  });
});
