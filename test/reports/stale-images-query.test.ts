// Query.staleImages against a real database: which images are cleanup candidates and why, namespaces,
// automated pulls, ordering, paging and the refused arguments.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { errorCodes, openGraphQLHarness, type GraphQLHarness } from "../graphql/graphql-harness";
import { buildImages, daysAgo, type SeedImage } from "../support/report-builders";

const STALE = `query ($days: Int!, $namespace: String, $automated: Boolean, $first: Int, $after: String, $orderBy: StaleImageOrder) {
  staleImages(olderThanDays: $days, namespace: $namespace, includeAutomated: $automated, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { repository digest tags reason pushedAt lastPulledAt lastCheckedAt lastUsedAt pullCount automatedPullCount size }
  }
}`;

interface Node {
  repository: string;
  digest: string;
  tags: string[];
  reason: string;
  pushedAt: string | null;
  lastPulledAt: string | null;
  lastUsedAt: string | null;
  pullCount: number;
  size: number | null;
}
interface Data {
  staleImages: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Node[];
  };
}

const LAYERS = [
  { mediaType: "application/vnd.oci.image.config.v1+json", digest: "sha256:c", size: 1000 },
  { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: "sha256:l", size: 5000 },
];

// name → image; the comment says whether it is stale at 90 days.
const IMAGES: Record<string, SeedImage> = {
  neverPulled: { repository: "team/app", tags: ["v1", "latest"], pushedAt: daysAgo(200), references: LAYERS }, // yes
  pulledLongAgo: {
    repository: "team/app",
    tags: ["v0"],
    pushedAt: daysAgo(300),
    lastPulledAt: daysAgo(150),
    pullCount: 4,
  }, // yes
  pulledRecently: {
    repository: "team/app",
    tags: ["v2"],
    pushedAt: daysAgo(300),
    lastPulledAt: daysAgo(10),
    pullCount: 1,
  },
  checkedRecently: {
    repository: "team/api",
    tags: ["edge"],
    pushedAt: daysAgo(300),
    lastCheckedAt: daysAgo(5),
  },
  pushedRecently: { repository: "team/api", tags: ["new"], pushedAt: daysAgo(20) },
  repushedRecently: { repository: "team/api", pushedAt: daysAgo(300), lastPushedAt: daysAgo(3) },
  scannedOnly: {
    repository: "team/api",
    tags: ["scanned"],
    pushedAt: daysAgo(120),
    pullCount: 3,
    automatedPullCount: 3,
    lastAutomatedPulledAt: daysAgo(1),
  }, // yes, unless automated pulls count
  deleted: { repository: "team/api", pushedAt: daysAgo(400), deleted: true, deletedAt: daysAgo(300) },
  otherTeam: { repository: "other/tool", tags: ["1.0"], pushedAt: daysAgo(100) }, // yes, outside "team"
  prefixTrap: { repository: "teamx/app", tags: ["1.0"], pushedAt: daysAgo(500) }, // yes, not under "team"
  untagged: { repository: "team/app", seed: "untagged", pushedAt: daysAgo(95) }, // yes
};

describe("staleImages", () => {
  let h: GraphQLHarness;
  const digestOf = new Map<string, string>();
  const nameOf = (digest: string) => [...digestOf].find(([, d]) => d === digest)?.[0];
  const query = (variables: Record<string, unknown>) => h.data<Data>(STALE, { days: 90, ...variables });

  before(async () => {
    h = await openGraphQLHarness();
    const docs = await buildImages(h.models, Object.values(IMAGES));
    Object.keys(IMAGES).forEach((name, i) => digestOf.set(name, docs[i].digest));
  });
  after(() => h.close());

  it("when images were not pulled, checked or pushed for 90 days, then staleImages lists exactly those, oldest use first", async () => {
    const data = await query({ first: 100 });
    assert.deepEqual(
      data.staleImages.nodes.map((n) => nameOf(n.digest)),
      ["prefixTrap", "neverPulled", "pulledLongAgo", "scannedOnly", "otherTeam", "untagged"],
    );
    assert.equal(data.staleImages.totalCount, 6);
  });

  it("when a stale image is listed, then it carries its tags, reason, times, pulls and size", async () => {
    const nodes = (await query({ first: 100 })).staleImages.nodes;
    const byName = new Map(nodes.map((n) => [nameOf(n.digest), n]));
    const never = byName.get("neverPulled")!;
    assert.deepEqual(
      [never.repository, never.tags, never.reason, never.size, never.lastPulledAt, never.lastUsedAt],
      ["team/app", ["latest", "v1"], "NEVER_PULLED", 6000, null, IMAGES.neverPulled.pushedAt!.toISOString()],
    );
    const old = byName.get("pulledLongAgo")!;
    assert.deepEqual(
      [old.reason, old.pullCount, old.lastPulledAt, old.lastUsedAt, old.size],
      [
        "NOT_PULLED_RECENTLY",
        4,
        IMAGES.pulledLongAgo.lastPulledAt!.toISOString(),
        IMAGES.pulledLongAgo.lastPulledAt!.toISOString(),
        null,
      ],
    );
    assert.equal(byName.get("scannedOnly")!.reason, "ONLY_AUTOMATED_PULLS");
    assert.deepEqual(byName.get("untagged")!.tags, []);
  });

  it("when includeAutomated is true, then an image pulled only by a scanner yesterday is not stale", async () => {
    const nodes = (await query({ first: 100, automated: true })).staleImages.nodes;
    assert.equal(
      nodes.some((n) => n.digest === digestOf.get("scannedOnly")),
      false,
    );
    assert.equal(nodes.length, 5);
  });

  it("when a namespace is given, then only repositories under it are listed, not ones merely starting with it", async () => {
    const nodes = (await query({ first: 100, namespace: "team" })).staleImages.nodes;
    assert.deepEqual(
      nodes.map((n) => nameOf(n.digest)),
      ["neverPulled", "pulledLongAgo", "scannedOnly", "untagged"],
    );
    assert.deepEqual(
      (await query({ namespace: "team/api" })).staleImages.nodes.map((n) => nameOf(n.digest)),
      ["scannedOnly"],
    );
    // The distribution spec's separators, "__" and runs of dashes, are valid in a namespace.
    assert.equal((await query({ namespace: "my__team--x" })).staleImages.totalCount, 0);
  });

  it("when the days grow, then fewer images are stale", async () => {
    assert.equal((await query({ days: 180 })).staleImages.totalCount, 2);
    assert.equal((await query({ days: 36500 })).staleImages.totalCount, 0);
  });

  it("when ordered by SIZE DESC or AGE ASC, then known sizes come first, or the most recently used", async () => {
    const bySize = (await query({ first: 2, orderBy: { field: "SIZE" } })).staleImages.nodes;
    assert.equal(nameOf(bySize[0].digest), "neverPulled");
    const byAge = (await query({ first: 1, orderBy: { field: "AGE", direction: "ASC" } })).staleImages.nodes;
    assert.equal(nameOf(byAge[0].digest), "untagged");
  });

  it("when paged two at a time with after: endCursor, then the pages hold the whole list once, in order", async () => {
    for (const orderBy of [undefined, { field: "SIZE" }, { field: "AGE", direction: "ASC" }]) {
      const whole = (await query({ first: 100, orderBy })).staleImages.nodes.map((n) => n.digest);
      const paged: string[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page: Data["staleImages"] = (await query({ first: 2, after: cursor, orderBy })).staleImages;
        paged.push(...page.nodes.map((n) => n.digest));
        if (!page.pageInfo.hasNextPage) break;
        cursor = page.pageInfo.endCursor;
      }
      assert.deepEqual(paged, whole, JSON.stringify(orderBy));
    }
  });

  it("when the arguments are out of range or a cursor is foreign, then BAD_USER_INPUT says so", async () => {
    const cursor = (await query({ first: 1 })).staleImages.pageInfo.endCursor;
    const cases: Record<string, unknown>[] = [
      { days: 0 },
      { days: -5 },
      { days: 36501 },
      { namespace: "Team!" },
      { namespace: "/team" },
      { namespace: "a".repeat(300) },
      { first: 101 },
      { first: -1 },
      { after: "not-a-cursor" },
      { after: cursor, orderBy: { field: "SIZE" } },
    ];
    for (const variables of cases) {
      const result = await h.run(STALE, { days: 90, ...variables });
      assert.deepEqual(errorCodes(result), ["BAD_USER_INPUT"], JSON.stringify(variables));
    }
  });
});
