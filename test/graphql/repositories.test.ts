import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RepositoryDoc } from "../../src/store/models/repository.model";
import { buildLegacyRepository, buildRepositories, buildRepository } from "../support/stats-builders";
import { errorCodes, openGraphQLHarness, type GraphQLHarness } from "./graphql-harness";

interface Node {
  name: string;
  pullCount: number;
  pushCount: number;
  starCount: number;
  lastPulledAt: string | null;
  lastPushedAt: string | null;
}
interface Connection {
  repositories: {
    edges: { cursor: string; node: Node }[];
    nodes: Node[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
    totalCount: number;
  };
}

const LIST = `query ($first: Int, $after: String, $orderBy: RepositoryOrder, $filter: RepositoryFilter) {
  repositories(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    edges { cursor node { name pullCount pushCount starCount lastPulledAt lastPushedAt } }
    nodes { name }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

type Field = "NAME" | "PULLS" | "PUSHES" | "STARS" | "LAST_PULLED" | "LAST_PUSHED";
const KEY: Record<Field, keyof RepositoryDoc> = {
  NAME: "repositoryname",
  PULLS: "numpulls",
  PUSHES: "numpushs",
  STARS: "numstars",
  LAST_PULLED: "lastpulled",
  LAST_PUSHED: "lastpushed",
};

/** The documented order: key (missing = lowest), then name ascending. */
function expectedOrder(docs: Partial<RepositoryDoc>[], field: Field, direction: "ASC" | "DESC"): string[] {
  const sign = direction === "ASC" ? 1 : -1;
  const value = (doc: Partial<RepositoryDoc>) => {
    const v = doc[KEY[field]];
    return v instanceof Date ? v.getTime() : (v as number | string | undefined | null);
  };
  const name = (doc: Partial<RepositoryDoc>) => String(doc.repositoryname);
  return [...docs]
    .sort((a, b) => {
      const [va, vb] = [value(a), value(b)];
      if (field === "NAME") return sign * (name(a) < name(b) ? -1 : 1);
      if (va !== vb) {
        if (va === undefined || va === null) return -sign;
        if (vb === undefined || vb === null) return sign;
        return sign * (va < vb ? -1 : 1);
      }
      return name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;
    })
    .map(name);
}

/** Every page of a list, `first` at a time. */
async function allPages(
  h: GraphQLHarness,
  variables: Record<string, unknown>,
  first: number,
): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const data: Connection = await h.data<Connection>(LIST, { ...variables, first, after: cursor });
    const { edges, pageInfo } = data.repositories;
    assert.ok(edges.length <= first);
    assert.equal(pageInfo.hasPreviousPage, cursor !== null);
    names.push(...edges.map((e) => e.node.name));
    if (!pageInfo.hasNextPage) return names;
    assert.equal(pageInfo.endCursor, edges[edges.length - 1].cursor);
    cursor = pageInfo.endCursor;
  }
  throw new Error("pagination did not end");
}

const t = (iso: string) => new Date(iso);
const SEED: Partial<RepositoryDoc>[] = [
  {
    repositoryname: "svc/a",
    numpulls: 5,
    numpushs: 2,
    numstars: 1,
    lastpulled: t("2024-02-02T00:00:00Z"),
    lastpushed: t("2024-01-01T00:00:00Z"),
  },
  { repositoryname: "svc/b", numpulls: 5, numpushs: 3, numstars: 0, lastpushed: t("2024-03-01T00:00:00Z") },
  { repositoryname: "svc/c", numpulls: 9, numpushs: 2, numstars: 3, lastpulled: t("2024-01-01T00:00:00Z") },
  { repositoryname: "svc/d", numpulls: 0, numpushs: 0, numstars: 0 },
  {
    repositoryname: "svc/e",
    numpulls: 5,
    numpushs: 1,
    numstars: 3,
    lastpulled: t("2024-02-02T00:00:00Z"),
    lastpushed: t("2024-02-01T00:00:00Z"),
  },
  {
    repositoryname: "svc/f",
    numpulls: 3_000_000_000,
    numpushs: 2,
    numstars: 0,
    lastpulled: t("2024-03-03T00:00:00Z"),
    lastpushed: t("2024-01-01T00:00:00Z"),
  },
  {
    repositoryname: "svc/g",
    numpulls: 0,
    numpushs: 7,
    numstars: 1,
    lastpulled: t("2023-12-31T23:59:59.999Z"),
  },
];

describe("Query.repositories ordering", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
    await buildRepositories(h.models, SEED);
    await h.sync();
  });
  after(() => h.close());

  for (const field of Object.keys(KEY) as Field[])
    for (const direction of ["ASC", "DESC"] as const)
      it(`when ordered by ${field} ${direction} two at a time, then pages follow the key, ties by name, missing values lowest`, async () => {
        const names = await allPages(h, { orderBy: { field, direction } }, 2);
        assert.deepEqual(names, expectedOrder(SEED, field, direction));
      });

  it("when no orderBy is given, then the order is PULLS DESC with ties by name", async () => {
    const data = await h.data<Connection>(LIST, { first: 100 });
    assert.deepEqual(
      data.repositories.nodes.map((n) => n.name),
      expectedOrder(SEED, "PULLS", "DESC"),
    );
    assert.deepEqual(
      data.repositories.nodes.map((n) => n.name),
      ["svc/f", "svc/c", "svc/a", "svc/b", "svc/e", "svc/d", "svc/g"],
    );
  });

  it("when orderBy names a field without direction, then NAME is ASC and others are DESC", async () => {
    const byName = await h.data<Connection>(LIST, { orderBy: { field: "NAME" } });
    assert.deepEqual(
      byName.repositories.nodes.map((n) => n.name),
      expectedOrder(SEED, "NAME", "ASC"),
    );
    const byStars = await h.data<Connection>(LIST, { orderBy: { field: "STARS" } });
    assert.deepEqual(
      byStars.repositories.nodes.map((n) => n.name),
      expectedOrder(SEED, "STARS", "DESC"),
    );
  });

  it("when never-pulled repositories are listed by LAST_PULLED, then they come last in DESC and first in ASC", async () => {
    const desc = await allPages(h, { orderBy: { field: "LAST_PULLED", direction: "DESC" } }, 1);
    assert.deepEqual(desc.slice(-2), ["svc/b", "svc/d"]);
    const asc = await allPages(h, { orderBy: { field: "LAST_PULLED", direction: "ASC" } }, 1);
    assert.deepEqual(asc.slice(0, 2), ["svc/b", "svc/d"]);
  });

  it("when a count exceeds 2^31, then it is served exactly and dates are ISO-8601", async () => {
    const data = await h.data<Connection>(LIST, { first: 1 });
    const f = data.repositories.edges[0].node;
    assert.equal(f.pullCount, 3_000_000_000);
    assert.equal(f.lastPulledAt, "2024-03-03T00:00:00.000Z");
    assert.equal(data.repositories.totalCount, SEED.length);
  });

  it("when first is 0, then no edges come back but totalCount and hasNextPage do", async () => {
    const data = await h.data<Connection>(LIST, { first: 0 });
    assert.deepEqual(data.repositories.edges, []);
    assert.equal(data.repositories.totalCount, SEED.length);
    assert.equal(data.repositories.pageInfo.hasNextPage, true);
    assert.equal(data.repositories.pageInfo.endCursor, null);
  });

  it("when first is null, then the default page of 20 is used", async () => {
    const data = await h.data<Connection>(LIST, { first: null });
    assert.equal(data.repositories.nodes.length, SEED.length);
  });

  it("when first is above 100 or negative, then BAD_USER_INPUT says the allowed range", async () => {
    for (const first of [101, 1000, -1]) {
      const result = await h.run(LIST, { first });
      assert.deepEqual(errorCodes(result), ["BAD_USER_INPUT"]);
      assert.match(String(result.errors?.[0].message), /between 0 and 100/);
    }
    assert.equal((await h.data<Connection>(LIST, { first: 100 })).repositories.nodes.length, SEED.length);
  });

  it("when after is not a cursor, then BAD_USER_INPUT", async () => {
    for (const after of [
      "nonsense",
      "",
      Buffer.from("[1]").toString("base64url"),
      Buffer.from('{"s":"pulls","d":"desc","v":"x","n":"a"}').toString("base64url"),
    ]) {
      const result = await h.run(LIST, { after });
      assert.deepEqual(errorCodes(result), ["BAD_USER_INPUT"], after);
    }
  });

  it("when a cursor from another ordering is used, then BAD_USER_INPUT asks to start again", async () => {
    const first = await h.data<Connection>(LIST, { first: 1, orderBy: { field: "PULLS" } });
    const result = await h.run(LIST, {
      after: first.repositories.pageInfo.endCursor,
      orderBy: { field: "STARS" },
    });
    assert.deepEqual(errorCodes(result), ["BAD_USER_INPUT"]);
    assert.match(String(result.errors?.[0].message), /another orderBy/);
  });

  it("when the repository a cursor came from is gone, then the next page still continues after its position", async () => {
    const h2 = await openGraphQLHarness();
    try {
      await buildRepositories(h2.models, SEED);
      await h2.sync();
      const page = await h2.data<Connection>(LIST, { first: 3 });
      await h2.models.repositories.deleteOne({ repositoryname: page.repositories.nodes[2].name });
      await h2.sync();
      const next = await h2.data<Connection>(LIST, {
        first: 10,
        after: page.repositories.pageInfo.endCursor,
      });
      assert.deepEqual(
        next.repositories.nodes.map((n) => n.name),
        expectedOrder(SEED, "PULLS", "DESC").slice(3),
      );
    } finally {
      await h2.close();
    }
  });
});

describe("Query.repositories filters", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
    await buildRepositories(h.models, [
      { repositoryname: "team/api", numpulls: 3, starredBy: ["alice"], numstars: 1 },
      { repositoryname: "team/API-gateway", numpulls: 2, starredBy: ["alice", "bob"], numstars: 2 },
      { repositoryname: "teamx/api", numpulls: 1 },
      { repositoryname: "other/c++(x).y", numpulls: 4, starredBy: ["bob"], numstars: 1 },
      { repositoryname: "other/cxx-x-y", numpulls: 5 },
    ]);
    await h.sync();
  });
  after(() => h.close());

  const names = async (filter: Record<string, unknown>, user: string | null = null) => {
    const data = await h.data<Connection>(LIST, { filter, orderBy: { field: "NAME" } }, user);
    assert.equal(data.repositories.totalCount, data.repositories.nodes.length);
    return data.repositories.nodes.map((n) => n.name);
  };

  it("when namePrefix is given, then only names starting with it match, case-sensitively", async () => {
    assert.deepEqual(await names({ namePrefix: "team/" }), ["team/API-gateway", "team/api"]);
    assert.deepEqual(await names({ namePrefix: "team/a" }), ["team/api"]);
    assert.deepEqual(await names({ namePrefix: "nothing" }), []);
  });

  it("when search is given, then names containing it match regardless of case", async () => {
    assert.deepEqual(await names({ search: "API" }), ["team/API-gateway", "team/api", "teamx/api"]);
    assert.deepEqual(await names({ search: "Gate" }), ["team/API-gateway"]);
  });

  it("when filter text holds regex metacharacters, then they match literally", async () => {
    assert.deepEqual(await names({ search: "c++(x).y" }), ["other/c++(x).y"]);
    assert.deepEqual(await names({ namePrefix: "other/c++" }), ["other/c++(x).y"]);
    assert.deepEqual(await names({ search: ".*" }), []);
    assert.deepEqual(await names({ namePrefix: "team." }), []);
  });

  it("when starredByViewer is true, then only the viewer's stars are listed", async () => {
    assert.deepEqual(await names({ starredByViewer: true }, "alice"), ["team/API-gateway", "team/api"]);
    assert.deepEqual(await names({ starredByViewer: true }, "bob"), ["other/c++(x).y", "team/API-gateway"]);
    assert.deepEqual(await names({ starredByViewer: true }, "carol"), []);
  });

  it("when starredByViewer is false, then the viewer's stars are left out", async () => {
    assert.deepEqual(await names({ starredByViewer: false }, "alice"), [
      "other/c++(x).y",
      "other/cxx-x-y",
      "teamx/api",
    ]);
    assert.equal((await names({ starredByViewer: false })).length, 5);
  });

  it("when starredByViewer is true without a user, then UNAUTHENTICATED", async () => {
    const result = await h.run(LIST, { filter: { starredByViewer: true } });
    assert.deepEqual(errorCodes(result), ["UNAUTHENTICATED"]);
  });

  it("when filters are combined, then all must hold", async () => {
    assert.deepEqual(await names({ namePrefix: "team/", search: "gate", starredByViewer: true }, "bob"), [
      "team/API-gateway",
    ]);
    assert.deepEqual(await names({ namePrefix: "team", search: "api", starredByViewer: false }, "alice"), [
      "teamx/api",
    ]);
  });

  it("when filter text is longer than 256 characters, then BAD_USER_INPUT", async () => {
    const result = await h.run(LIST, { filter: { search: "x".repeat(257) } });
    assert.deepEqual(errorCodes(result), ["BAD_USER_INPUT"]);
  });

  it("when empty filter strings are given, then they filter nothing", async () => {
    assert.equal((await names({ namePrefix: "", search: "" })).length, 5);
  });

  it("when paging through a filtered list, then every match comes exactly once", async () => {
    const all = await allPages(h, { filter: { search: "api" }, orderBy: { field: "PULLS" } }, 1);
    assert.deepEqual(all, ["team/api", "team/API-gateway", "teamx/api"]);
  });
});

describe("Query.repositories while new data arrives", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
  });
  after(() => h.close());

  it("when repositories are added and pulled between page fetches (PULLS DESC), then no pre-existing one is skipped or repeated", async () => {
    const seeded = await buildRepositories(
      h.models,
      Array.from({ length: 30 }, (_, i) => ({
        repositoryname: `live/p${String(i).padStart(2, "0")}`,
        numpulls: 100 + (i % 7) * 10,
      })),
    );
    await h.sync();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; ; page++) {
      const data: Connection = await h.data<Connection>(LIST, { first: 7, after: cursor });
      seen.push(...data.repositories.nodes.map((n) => n.name));
      // Traffic between fetches: already-listed repositories get pulled (they move up), new ones appear
      // at the top, the bottom and in the middle of the order.
      await h.models.repositories.updateMany(
        { repositoryname: { $in: data.repositories.nodes.map((n) => n.name) } },
        { $inc: { numpulls: 50 } },
      );
      await buildRepositories(h.models, [
        { repositoryname: `live/new-top-${page}`, numpulls: 10_000 },
        { repositoryname: `live/new-mid-${page}`, numpulls: 130 },
        { repositoryname: `live/new-low-${page}`, numpulls: 1 },
      ]);
      await h.sync();
      if (!data.repositories.pageInfo.hasNextPage) break;
      cursor = data.repositories.pageInfo.endCursor;
    }
    const preExisting = seen.filter((name) => !name.includes("/new-"));
    assert.deepEqual(preExisting, expectedOrder(seeded, "PULLS", "DESC"));
    assert.equal(new Set(seen).size, seen.length, "no repository is listed twice");
  });

  it("when listed repositories are pulled again between fetches (LAST_PULLED DESC), then the rest follow in order", async () => {
    const base = Date.parse("2024-05-01T00:00:00Z");
    const seeded = await buildRepositories(
      h.models,
      Array.from({ length: 20 }, (_, i) => ({
        repositoryname: `recent/r${String(i).padStart(2, "0")}`,
        numpulls: 1,
        ...(i % 5 === 0 ? {} : { lastpulled: new Date(base + (i % 4) * 3_600_000) }),
      })),
    );
    await h.sync();
    const seen: string[] = [];
    let cursor: string | null = null;
    const filter = { namePrefix: "recent/" };
    for (;;) {
      const data: Connection = await h.data<Connection>(LIST, {
        first: 6,
        after: cursor,
        filter,
        orderBy: { field: "LAST_PULLED", direction: "DESC" },
      });
      seen.push(...data.repositories.nodes.map((n) => n.name));
      await h.models.repositories.updateMany(
        { repositoryname: { $in: data.repositories.nodes.map((n) => n.name) } },
        { $set: { lastpulled: new Date() } },
      );
      await h.sync();
      if (!data.repositories.pageInfo.hasNextPage) break;
      cursor = data.repositories.pageInfo.endCursor;
    }
    assert.deepEqual(seen, expectedOrder(seeded, "LAST_PULLED", "DESC"));
  });
});

describe("Query.repository", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
  });
  after(() => h.close());

  const ONE = `query ($name: String!) { repository(name: $name) {
    name pushCount pullCount starCount firstPushedAt lastPushedAt firstPulledAt lastPulledAt createdAt actors } }`;

  it("when the repository exists, then every field is served from its document", async () => {
    await buildRepository(h.models, {
      repositoryname: "one/full",
      numpushs: 2 ** 53 - 1,
      numpulls: 2 ** 31,
      numstars: 2,
      firstpushed: t("2024-01-01T10:00:00Z"),
      lastpushed: t("2024-01-02T10:00:00Z"),
      firstpulled: t("2024-01-03T10:00:00Z"),
      lastpulled: t("2024-01-04T10:00:00.123Z"),
      createdAt: t("2024-01-01T09:00:00Z"),
      actors: ["alice", "ci-bot"],
      starredBy: ["x", "y"],
    });
    const data = await h.data<{ repository: Record<string, unknown> }>(ONE, { name: "one/full" });
    assert.deepEqual(data.repository, {
      name: "one/full",
      pushCount: 2 ** 53 - 1,
      pullCount: 2 ** 31,
      starCount: 2,
      firstPushedAt: "2024-01-01T10:00:00.000Z",
      lastPushedAt: "2024-01-02T10:00:00.000Z",
      firstPulledAt: "2024-01-03T10:00:00.000Z",
      lastPulledAt: "2024-01-04T10:00:00.123Z",
      createdAt: "2024-01-01T09:00:00.000Z",
      actors: ["alice", "ci-bot"],
    });
  });

  it("when the name is unknown or differs in case, then the answer is null", async () => {
    assert.deepEqual(await h.data(ONE, { name: "one/missing" }), { repository: null });
    assert.deepEqual(await h.data(ONE, { name: "ONE/FULL" }), { repository: null });
  });

  it("when a legacy document lacks counts and timestamps, then counts are 0 and timestamps null", async () => {
    await buildLegacyRepository(h.models, { repositoryname: "legacy/bare", numpushs: 3 });
    // An ObjectId written by another client: found by `_id` once a reload has read it.
    await h.sync();
    const data = await h.data<{ repository: Record<string, unknown> }>(ONE, { name: "legacy/bare" });
    assert.deepEqual(data.repository, {
      name: "legacy/bare",
      pushCount: 3,
      pullCount: 0,
      starCount: 0,
      firstPushedAt: null,
      lastPushedAt: null,
      firstPulledAt: null,
      lastPulledAt: null,
      createdAt: null,
      actors: [],
    });
  });

  it("when legacy documents lack the sort field, then they sort with the never-pulled ones", async () => {
    const data = await h.data<Connection>(LIST, { orderBy: { field: "STARS", direction: "ASC" }, first: 1 });
    assert.equal(data.repositories.nodes[0].name, "legacy/bare");
  });
});
