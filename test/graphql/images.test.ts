// Repository.images: manifest statistics by digest, from events ingested by a real app, read back through
// its GraphQL API: platforms named by an index, the tags pointing at each image, ordering and paging.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildEnvelope, digestOf, type RawEvent } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import { buildDeleteDigest, buildPull, buildPush, deliver } from "../support/ingest-builders";
import { gql } from "./http-client";

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const REPO = "images/app";
const INDEX = digestOf("images-index");
const AMD64 = digestOf("images-amd64");
const ARM64 = digestOf("images-arm64");
const OLD = digestOf("images-old");

const IMAGES = `query ($name: String!, $first: Int, $after: String, $orderBy: ImageOrder) {
  repository(name: $name) {
    images(first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { digest mediaType platform tags pushedAt pushedBy pullCount lastPulledAt checkCount lastCheckedAt deleted }
    }
  }
}`;

interface ImageNode {
  digest: string;
  platform: string | null;
  tags: string[];
  pushedBy: string | null;
  pullCount: number;
  checkCount: number;
  deleted: boolean;
  pushedAt: string | null;
  lastPulledAt: string | null;
  lastCheckedAt: string | null;
  mediaType: string | null;
}
interface ImagesData {
  repository: {
    images: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: ImageNode[];
    };
  };
}

// An index as distribution 3 reports it: OCI descriptors with platforms.
const INDEX_REFERENCES = [
  { mediaType: OCI_MANIFEST, digest: AMD64, size: 400, platform: { os: "linux", architecture: "amd64" } },
  {
    mediaType: OCI_MANIFEST,
    digest: ARM64,
    size: 400,
    platform: { os: "linux", architecture: "arm64", variant: "v8" },
  },
];

function events(): RawEvent[] {
  const platform = (digest: string, second: number) =>
    buildPush(REPO, {
      timestamp: `2026-11-27T03:00:0${second}Z`,
      actor: { name: "carol" },
      target: { tag: undefined, digest, mediaType: OCI_MANIFEST },
    });
  return [
    buildPush(REPO, { timestamp: "2026-11-27T01:00:00Z", target: { tag: "old", digest: OLD } }),
    platform(AMD64, 1),
    platform(ARM64, 2),
    buildPush(REPO, {
      timestamp: "2026-11-27T03:00:03Z",
      target: {
        tag: "v1",
        digest: INDEX,
        mediaType: OCI_INDEX,
        references: INDEX_REFERENCES,
      },
    } as never),
    buildPush(REPO, {
      timestamp: "2026-11-27T03:00:04Z",
      target: { tag: "latest", digest: INDEX, mediaType: OCI_INDEX, references: INDEX_REFERENCES },
    } as never),
    buildPull(REPO, {
      timestamp: "2026-11-27T04:00:00Z",
      target: { tag: undefined, digest: ARM64, mediaType: OCI_MANIFEST },
    }),
    buildPull(REPO, {
      timestamp: "2026-11-27T04:00:01Z",
      target: { tag: undefined, digest: ARM64, mediaType: OCI_MANIFEST },
    }),
    buildPull(REPO, {
      timestamp: "2026-11-27T04:00:02Z",
      request: { method: "HEAD" },
      target: { tag: "v1", digest: INDEX, mediaType: OCI_INDEX, references: INDEX_REFERENCES },
    }),
    buildDeleteDigest(REPO, { timestamp: "2026-11-27T05:00:00Z", target: { digest: OLD } }),
  ];
}

describe("Repository.images", () => {
  let app: TestApp;
  const query = async (variables: Record<string, unknown>) => {
    const res = await gql<ImagesData>(app, IMAGES, { variables: { name: REPO, ...variables } });
    return res.body;
  };
  before(async () => {
    app = await startApp();
    for (const event of events()) await deliver(app, buildEnvelope([event]));
  });
  after(() => app.stop());

  it("when a repository's images are listed, then each has its platform, tags, pusher, pulls, checks and deleted flag", async () => {
    const body = await query({});
    assert.equal(body.errors, undefined);
    const images = body.data?.repository.images;
    assert.equal(images?.totalCount, 4);
    const byDigest = Object.fromEntries((images?.nodes ?? []).map((n) => [n.digest, n]));
    const summary = (d: string) => {
      const n = byDigest[d];
      return [n.platform, n.tags, n.pushedBy, n.pullCount, n.checkCount, n.deleted];
    };
    assert.deepEqual(summary(INDEX), [null, ["latest", "v1"], "alice", 0, 1, false]);
    assert.deepEqual(summary(AMD64), ["linux/amd64", [], "carol", 0, 0, false]);
    assert.deepEqual(summary(ARM64), ["linux/arm64/v8", [], "carol", 2, 0, false]);
    assert.deepEqual(summary(OLD), [null, [], "alice", 0, 0, true]);
    assert.deepEqual(
      [byDigest[ARM64].lastPulledAt, byDigest[INDEX].lastCheckedAt, byDigest[ARM64].pushedAt],
      ["2026-11-27T04:00:01.000Z", "2026-11-27T04:00:02.000Z", "2026-11-27T03:00:02.000Z"],
    );
    assert.deepEqual(
      images?.nodes.map((n) => n.digest),
      [INDEX, ARM64, AMD64, OLD],
      "newest push first by default",
    );
  });

  it("when images are paged by pulls, then the pages join up in order without repeats", async () => {
    const orderBy = { field: "PULLS", direction: "DESC" };
    const first = await query({ first: 2, orderBy });
    const page1 = first.data?.repository.images;
    assert.equal(page1?.pageInfo.hasNextPage, true);
    const second = await query({ first: 2, orderBy, after: page1?.pageInfo.endCursor });
    const page2 = second.data?.repository.images;
    assert.equal(page2?.pageInfo.hasNextPage, false);
    const order = [...(page1?.nodes ?? []), ...(page2?.nodes ?? [])].map((n) => n.digest);
    const rest = [AMD64, INDEX, OLD].sort();
    assert.deepEqual(order, [ARM64, ...rest]);
  });

  it("when the cursor is of another ordering or the page is too large, then the answer is BAD_USER_INPUT", async () => {
    const first = await query({ first: 1, orderBy: { field: "PULLS" } });
    const cursor = first.data?.repository.images.pageInfo.endCursor;
    for (const variables of [
      { after: cursor, orderBy: { field: "DIGEST" } },
      { first: 101 },
      { after: "nope" },
    ]) {
      const body = await query(variables);
      assert.deepEqual(
        (body.errors ?? []).map((e) => e.extensions?.code),
        ["BAD_USER_INPUT"],
        JSON.stringify(variables),
      );
    }
  });
});
