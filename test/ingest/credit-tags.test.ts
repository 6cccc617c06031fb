// Pulls by digest credited to tags, against a real database: containerd's sequence (HEAD the tag, GET the
// index by digest, GET each platform manifest by digest), the current-tags rule, and exactly-once when a
// batch is re-applied after a crash while the tags pointing at the digest changed in between.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createIngestFeature } from "../../src/ingest/ingest.feature";
import { buildEnvelope, digestOf, type RawEvent } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import {
  buildPull,
  buildPush,
  deliver,
  markersCleared,
  postEvents,
  snapshot,
} from "../support/ingest-builders";

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const CONTAINERD = { addr: "10.0.0.5:40001", useragent: "containerd/v2.0.0" };
const INDEX = digestOf("index");
const AMD64 = digestOf("amd64");
const ARM64 = digestOf("arm64");
const at = (second: number) => `2026-11-27T02:00:${String(second).padStart(2, "0")}Z`;

/** A multi-arch image: two untagged platform manifests, then the index under `tag`. */
function pushMultiArch(repository: string, tag: string, second: number): RawEvent[] {
  const platform = (digest: string) =>
    buildPush(repository, {
      timestamp: at(second),
      target: { tag: undefined, digest, mediaType: OCI_MANIFEST },
    });
  const index = buildPush(repository, {
    timestamp: at(second),
    target: {
      tag,
      digest: INDEX,
      mediaType: OCI_INDEX,
      references: [
        { mediaType: OCI_MANIFEST, digest: AMD64, size: 400 },
        { mediaType: OCI_MANIFEST, digest: ARM64, size: 400 },
      ],
    },
  });
  return [platform(AMD64), platform(ARM64), index];
}

/** A manifest request by containerd; `tag` undefined means by digest. */
function containerd(
  repository: string,
  method: "HEAD" | "GET",
  digest: string,
  second: number,
  tag?: string,
) {
  const index = digest === INDEX;
  return buildPull(repository, {
    timestamp: at(second),
    request: { method, ...CONTAINERD },
    target: {
      tag,
      digest,
      mediaType: index ? OCI_INDEX : OCI_MANIFEST,
      references: index
        ? [
            { mediaType: OCI_MANIFEST, digest: AMD64, size: 400 },
            { mediaType: OCI_MANIFEST, digest: ARM64, size: 400 },
          ]
        : undefined,
    },
  });
}

type TagDoc = { tag: string; pullCount: number; lastPulledAt?: string };
const tagsOf = async (app: TestApp, repository: string) =>
  Object.fromEntries(
    ((await snapshot(app, repository)).tags as TagDoc[]).map((t) => [
      t.tag,
      [t.pullCount, t.lastPulledAt ?? null],
    ]),
  );

async function deliverEach(app: TestApp, events: RawEvent[]) {
  for (const event of events) await deliver(app, buildEnvelope([event]));
}

describe("crediting pulls by digest to tags", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.stop());

  it("when containerd HEADs v1, GETs the index and both platform manifests by digest, then v1 gets two pulls and the other tag of the index none", async () => {
    const repository = "credit/containerd";
    await deliverEach(app, [
      ...pushMultiArch(repository, "v1", 1),
      ...pushMultiArch(repository, "stable", 2),
    ]);
    await deliverEach(app, [
      containerd(repository, "HEAD", INDEX, 10, "v1"),
      containerd(repository, "GET", INDEX, 11),
      containerd(repository, "GET", AMD64, 12),
      containerd(repository, "GET", ARM64, 13),
    ]);
    assert.deepEqual(await tagsOf(app, repository), {
      stable: [0, null],
      v1: [2, at(13).replace("Z", ".000Z")],
    });
    const { repository: doc } = await snapshot(app, repository);
    assert.equal(doc?.numpulls, 2);
  });

  it("when the HEAD and the GETs arrive in one envelope, then the GETs are credited within the batch", async () => {
    const repository = "credit/one-envelope";
    await deliverEach(app, pushMultiArch(repository, "v1", 1));
    await deliver(
      app,
      buildEnvelope([
        containerd(repository, "HEAD", INDEX, 10, "v1"),
        containerd(repository, "GET", INDEX, 11),
        containerd(repository, "GET", ARM64, 12),
      ]),
    );
    assert.deepEqual((await tagsOf(app, repository)).v1, [1, at(12).replace("Z", ".000Z")]);
  });

  it("when a digest is pulled with no HEAD before, then every tag pointing at it (or at an index listing it) is credited", async () => {
    const repository = "credit/current-tags";
    await deliverEach(app, [
      ...pushMultiArch(repository, "v1", 1),
      ...pushMultiArch(repository, "latest", 2),
      buildPush(repository, { timestamp: at(3), target: { tag: "single" } }),
      buildPush(repository, { timestamp: at(3), target: { tag: "single-too" } }),
    ]);
    await deliverEach(app, [
      buildPull(repository, { timestamp: at(20), target: { tag: undefined, digest: ARM64 } }),
      buildPull(repository, { timestamp: at(21), target: { tag: undefined } }),
    ]);
    const tags = await tagsOf(app, repository);
    assert.deepEqual(Object.fromEntries(Object.entries(tags).map(([tag, [count]]) => [tag, count])), {
      latest: 1,
      single: 1,
      "single-too": 1,
      v1: 1,
    });
  });

  it("when the client HEADed the tag over a minute before, then the current-tags rule decides instead", async () => {
    const repository = "credit/stale-head";
    await deliverEach(app, [
      ...pushMultiArch(repository, "v1", 1),
      ...pushMultiArch(repository, "v2", 2),
      containerd(repository, "HEAD", INDEX, 3, "v1"),
      buildPull(repository, {
        timestamp: "2026-11-27T02:01:04Z",
        request: { method: "GET", ...CONTAINERD },
        target: { tag: undefined, digest: AMD64 },
      }),
    ]);
    const tags = await tagsOf(app, repository);
    assert.deepEqual([tags.v1[0], tags.v2[0]], [1, 1]);
  });
});

/** Crashes once, right after the first write with the armed name. */
class CrashAfter {
  armed: string | undefined;
  crashed = false;
  beforeWrite = (step: string) => {
    if (this.crashed) throw new Error(`crashed before ${step}`);
  };
  afterWrite = (step: string) => {
    if (step !== this.armed) return;
    this.armed = undefined;
    this.crashed = true;
    throw new Error(`injected crash after ${step}`);
  };
}

describe("crediting pulls by digest exactly once", () => {
  const crash = new CrashAfter();
  let app: TestApp;
  before(async () => {
    const feature = createIngestFeature({
      faults: crash,
      claimMs: 150,
      claimWaitMs: 5000,
      applier: { onFailure: "abandon" },
    });
    app = await startApp({}, { features: [feature] });
  });
  after(() => app.stop());

  for (const step of ["ledger.credit", "repository", "tag"]) {
    it(`when a pull by digest crashes after ${step} and another tag moves onto the digest before the redelivery, then only the tags credited first count it, once`, async () => {
      const repository = `credit/crash-${step}`;
      await deliverEach(app, [buildPush(repository, { timestamp: at(1), target: { tag: "1.0" } })]);
      const pull = buildPull(repository, { timestamp: at(5), target: { tag: undefined } });
      crash.armed = step;
      const failed = await postEvents(app, buildEnvelope([pull]));
      crash.crashed = false;
      assert.equal(failed.status, 500);
      await deliverEach(app, [buildPush(repository, { timestamp: at(2), target: { tag: "2.0" } })]);
      const redelivered = await deliver(app, buildEnvelope([pull]));
      assert.equal((redelivered.json as { duplicates: number }).duplicates, 1);
      await markersCleared(app);
      const tags = await tagsOf(app, repository);
      assert.deepEqual([tags["1.0"][0], tags["2.0"][0]], [1, 0]);
      assert.equal((await snapshot(app, repository)).repository?.numpulls, 1);
    });
  }
});
