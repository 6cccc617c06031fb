// The rule that credits a GET by digest to tags, without a database.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CREDIT_WINDOW_MS,
  creditCurrentTags,
  creditFromMemory,
  type Memory,
} from "../../../src/ingest/plan/credit-rule";
import type { ClassifiedEvent } from "../../../src/ingest/events/event.types";

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const T0 = new Date("2026-11-27T01:00:00Z");
const CONTAINERD = "10.0.0.5 containerd/2.0.0";

let sequence = 0;
function event(overrides: Partial<ClassifiedEvent>): ClassifiedEvent {
  sequence += 1;
  return {
    id: `e${sequence}`,
    kind: "pull",
    repository: "team/app",
    digest: "sha256:platform",
    mediaType: OCI_MANIFEST,
    timestamp: T0,
    client: CONTAINERD,
    ...overrides,
  };
}
const head = (tag: string, digest: string, extra: Partial<ClassifiedEvent> = {}) =>
  event({ kind: "check", tag, digest, ...extra });
const later = (ms: number) => new Date(T0.getTime() + ms);

describe("crediting GETs by digest to tags", () => {
  it("when containerd HEADs a tag, GETs the index and then a platform manifest by digest, then the platform GET is credited to the tag", () => {
    const index = event({
      kind: "pull-index",
      digest: "sha256:index",
      mediaType: OCI_INDEX,
      references: [{ digest: "sha256:platform" }, { digest: "sha256:other" }],
      timestamp: later(10),
    });
    const platform = event({ timestamp: later(20) });
    const { decided, open } = creditFromMemory([head("v1", "sha256:index"), index, platform], new Map());
    assert.deepEqual([decided.get(index), decided.get(platform), open.length], [["v1"], ["v1"], 0]);
  });

  it("when the HEAD is older than the window, then the GET is left to the current-tags rule", () => {
    const platform = event({ digest: "sha256:image", timestamp: later(CREDIT_WINDOW_MS + 1) });
    const { decided, open } = creditFromMemory([head("v1", "sha256:image"), platform], new Map());
    assert.deepEqual([decided.has(platform), open.map((p) => p.event)], [false, [platform]]);
  });

  it("when another client HEADed the tag, then the GET is not credited from it", () => {
    const platform = event({ digest: "sha256:image", client: "10.0.0.6 containerd/2.0.0" });
    const { decided, open } = creditFromMemory([head("v1", "sha256:image"), platform], new Map());
    assert.deepEqual([decided.has(platform), open.length], [false, 1]);
  });

  it("when the client's last HEAD named another digest, then the GET is not credited to that tag", () => {
    const platform = event({ digest: "sha256:image", timestamp: later(5) });
    const { open } = creditFromMemory([head("v2", "sha256:elsewhere"), platform], new Map());
    assert.deepEqual(
      open.map((p) => p.event),
      [platform],
    );
  });

  it("when the memory is stored from an earlier batch, then it credits like one from the same batch", () => {
    const memories = new Map<string, Memory>([
      [JSON.stringify(["team/app", CONTAINERD]), { tag: "stable", digests: ["sha256:image"], at: T0 }],
    ]);
    const platform = event({ digest: "sha256:image", timestamp: later(1000) });
    assert.deepEqual(creditFromMemory([platform], memories).decided.get(platform), ["stable"]);
  });

  it("when an index GET by digest has no remembered tag, then it is credited to no tag", () => {
    const index = event({ kind: "pull-index", digest: "sha256:index", mediaType: OCI_INDEX });
    const { decided, open } = creditFromMemory([index], new Map());
    assert.deepEqual([decided.get(index), open.length], [[], 0]);
  });

  it("when a GET already has its credit kept, then the walk does not decide it again", () => {
    const platform = event({ digest: "sha256:image", credit: ["kept"], timestamp: later(5) });
    const { decided, open } = creditFromMemory([head("v1", "sha256:image"), platform], new Map());
    assert.deepEqual([decided.has(platform), open.length], [false, 0]);
  });

  it("when no memory matches, then every current tag is credited and tags pushed earlier in the batch override the stored ones", () => {
    const moved = event({ kind: "push", tag: "old", digest: "sha256:elsewhere", client: undefined });
    const added = event({ kind: "push", tag: "new", digest: "sha256:image", client: undefined });
    const platform = event({ digest: "sha256:image", client: undefined });
    const { open } = creditFromMemory([moved, added, platform], new Map());
    assert.equal(open.length, 1);
    assert.deepEqual(creditCurrentTags(open[0], ["old", "latest"], new Map()), ["latest", "new"]);
  });

  // Each case failed when every push earlier in the batch overrode the stored tag: the credit then
  // depended on whether the push happened to be applied in an earlier batch or in the GET's own.
  it("when a push earlier in the batch is older than the tag's applied newest push, then the tag stays where that push put it", () => {
    const stale = event({ kind: "push", tag: "latest", digest: "sha256:elsewhere", client: undefined });
    const platform = event({ digest: "sha256:image", client: undefined, timestamp: later(20) });
    const { open } = creditFromMemory([stale, platform], new Map());
    const applied = new Map([["latest", { lastPushedAt: later(10) }]]);
    assert.deepEqual(creditCurrentTags(open[0], ["latest"], applied), ["latest"]);
  });

  it("when a tag is pushed onto the digest earlier in the batch but its delete, or its manifest's, is not older, then it is not credited", () => {
    const onto = event({ kind: "push", tag: "v1", digest: "sha256:image", client: undefined });
    const platform = event({ digest: "sha256:image", client: undefined, timestamp: later(20) });
    const { open } = creditFromMemory([onto, platform], new Map());
    assert.deepEqual(creditCurrentTags(open[0], [], new Map([["v1", { deletedAt: later(5) }]])), []);
    assert.deepEqual(creditCurrentTags(open[0], [], new Map([["v1", { digestDeletedAt: T0 }]])), []);
    assert.deepEqual(creditCurrentTags(open[0], [], new Map([["v1", { deletedAt: later(-5) }]])), ["v1"]);
  });

  it("when a tag is pushed twice earlier in the batch, newest last in time but first in order, then the newest push names its digest", () => {
    const newest = event({
      kind: "push",
      tag: "v1",
      digest: "sha256:image",
      client: undefined,
      timestamp: later(9),
    });
    const older = event({ kind: "push", tag: "v1", digest: "sha256:elsewhere", client: undefined });
    const platform = event({ digest: "sha256:image", client: undefined, timestamp: later(20) });
    const { open } = creditFromMemory([newest, older, platform], new Map());
    assert.deepEqual(creditCurrentTags(open[0], [], new Map()), ["v1"]);
  });
});
