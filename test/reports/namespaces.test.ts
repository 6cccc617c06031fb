// Query.namespaces / namespace(name) totals from the repository documents, and the daily series summed
// over a namespace or the registry from drec_daily, against a real database.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { errorCodes, openGraphQLHarness, type GraphQLHarness } from "../graphql/graphql-harness";
import { buildDaily, buildRepositories, dayAgo } from "../support/stats-builders";

const NAMESPACES = `query ($depth: Int, $first: Int, $after: String, $orderBy: NamespaceOrder) {
  namespaces(depth: $depth, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { name repositoryCount pullCount pushCount starCount lastPulledAt lastPushedAt }
  }
}`;

interface Ns {
  name: string;
  repositoryCount: number;
  pullCount: number;
  pushCount: number;
  starCount: number;
  lastPulledAt: string | null;
  lastPushedAt: string | null;
}
interface Data {
  namespaces: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Ns[];
  };
}
interface Activity {
  date: string;
  pullCount: number;
  pushCount: number;
}

const PULLED = new Date("2026-10-01T10:00:00Z");

describe("namespaces and activity", () => {
  let h: GraphQLHarness;
  before(async () => {
    h = await openGraphQLHarness();
    await buildRepositories(h.models, [
      { repositoryname: "team/app", numpulls: 10, numpushs: 2, numstars: 1, lastpulled: PULLED },
      { repositoryname: "team/api", numpulls: 5, numpushs: 3, numstars: 2 },
      { repositoryname: "team/backend/db", numpulls: 1, numpushs: 1 },
      { repositoryname: "ops/tool", numpulls: 30, numpushs: 1 },
      { repositoryname: "alpine", numpulls: 2, numpushs: 1 },
    ]);
    for (const [repository, days, pullCount, pushCount] of [
      ["team/app", 0, 4, 1],
      ["team/api", 0, 1, 0],
      ["team/app", 2, 3, 0],
      ["ops/tool", 0, 7, 0],
      ["ops/tool", 40, 100, 0],
    ] as const)
      await buildDaily(h.models, { repository, day: dayAgo(days), pullCount, pushCount });
    await h.sync();
  });
  after(() => h.close());

  it("when namespaces are listed, then each first path segment has its repositories' totals, most pulled first", async () => {
    const data = await h.data<Data>(NAMESPACES);
    assert.deepEqual(
      data.namespaces.nodes.map((n) => [n.name, n.repositoryCount, n.pullCount, n.pushCount, n.starCount]),
      [
        ["ops", 1, 30, 1, 0],
        ["team", 3, 16, 6, 3],
        ["alpine", 1, 2, 1, 0],
      ],
    );
    assert.equal(data.namespaces.nodes[1].lastPulledAt, PULLED.toISOString());
    assert.equal(data.namespaces.totalCount, 3);
  });

  it("when depth is 2, then team/backend is its own namespace and shorter names stay whole", async () => {
    const data = await h.data<Data>(NAMESPACES, { depth: 2, orderBy: { field: "NAME" } });
    assert.deepEqual(
      data.namespaces.nodes.map((n) => n.name),
      ["alpine", "ops/tool", "team/api", "team/app", "team/backend"],
    );
  });

  it("when paged one at a time by REPOSITORIES, then the pages hold the whole list once, in order", async () => {
    const whole = (await h.data<Data>(NAMESPACES, { orderBy: { field: "REPOSITORIES" } })).namespaces.nodes;
    const names: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: Data["namespaces"] = (
        await h.data<Data>(NAMESPACES, { first: 1, after: cursor, orderBy: { field: "REPOSITORIES" } })
      ).namespaces;
      names.push(...page.nodes.map((n) => n.name));
      if (!page.pageInfo.hasNextPage) break;
      cursor = page.pageInfo.endCursor;
    }
    assert.deepEqual(names, ["team", "alpine", "ops"]);
    assert.deepEqual(
      names,
      whole.map((n) => n.name),
    );
  });

  it("when one namespace is asked for with its activity, then the days sum its repositories' buckets", async () => {
    const data = await h.data<{ namespace: Ns & { activity: Activity[] } }>(
      `{ namespace(name: "team") { name repositoryCount pullCount activity(days: 3) { date pullCount pushCount } } }`,
    );
    assert.deepEqual(
      [data.namespace.name, data.namespace.repositoryCount, data.namespace.pullCount],
      ["team", 3, 16],
    );
    assert.deepEqual(data.namespace.activity, [
      { date: dayAgo(2), pullCount: 3, pushCount: 0 },
      { date: dayAgo(1), pullCount: 0, pushCount: 0 },
      { date: dayAgo(0), pullCount: 5, pushCount: 1 },
    ]);
    assert.equal(
      (await h.data<{ namespace: null }>(`{ namespace(name: "nobody") { name } }`)).namespace,
      null,
    );
  });

  it("when the registry's activity is asked for, then each day sums every repository, older buckets left out", async () => {
    const data = await h.data<{ registry: { activity: Activity[] } }>(
      "{ registry { activity(days: 30) { date pullCount pushCount } } }",
    );
    assert.equal(data.registry.activity.length, 30);
    assert.deepEqual(data.registry.activity.at(-1), { date: dayAgo(0), pullCount: 12, pushCount: 1 });
    assert.equal(
      data.registry.activity.reduce((sum, d) => sum + d.pullCount, 0),
      15,
    );
  });

  it("when depth, days, name, first or the cursor are out of range, then BAD_USER_INPUT", async () => {
    for (const [query, variables] of [
      [NAMESPACES, { depth: 0 }],
      [NAMESPACES, { depth: 11 }],
      [NAMESPACES, { first: 101 }],
      [NAMESPACES, { after: "bogus" }],
      ["{ registry { activity(days: 0) { date } } }", {}],
      ["{ registry { activity(days: 367) { date } } }", {}],
      ['{ namespace(name: "Bad Name!") { name } }', {}],
      ['{ namespace(name: "team") { activity(days: 400) { date } } }', {}],
    ] as const) {
      const result = await h.run(query, variables);
      assert.deepEqual(errorCodes(result), ["BAD_USER_INPUT"], `${query} ${JSON.stringify(variables)}`);
    }
  });
});
