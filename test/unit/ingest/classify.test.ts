import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { classify } from "../../../src/ingest/events/classify";
import { parseEnvelope } from "../../../src/ingest/events/envelope.schema";
import type { EventKind } from "../../../src/ingest/events/event.types";
import { MANIFEST_MEDIA_TYPES } from "../../../src/ingest/events/manifest-media-types";
import {
  buildBlobEvent,
  buildEnvelope,
  buildEvent,
  buildEventWith,
  digestOf,
  parsed,
  type Overrides,
  type RawEvent,
} from "../../support/builders";

const classifyRaw = (raw: unknown) => classify(parsed(raw));
const kindOf = (raw: unknown): EventKind => classifyRaw(raw).kind;

const pull = (overrides: Overrides<RawEvent> = {}) =>
  buildEvent({ action: "pull", request: { method: "GET" }, ...overrides });
const deleteOf = (target: RawEvent["target"]): RawEvent => {
  const event = buildEvent({ action: "delete", request: { method: "DELETE" } });
  return { ...event, target };
};

const { schema1, schema1Signed, schema2, manifestList, ociManifest, ociIndex } = MANIFEST_MEDIA_TYPES;
const ALL_MANIFESTS = [schema1, schema1Signed, schema2, manifestList, ociManifest, ociIndex];
const BLOB_TYPES = [
  "application/octet-stream",
  "application/vnd.docker.container.image.rootfs.diff+x-gtar",
  "application/vnd.docker.image.rootfs.diff.tar.gzip",
  "application/vnd.docker.container.image.v1+json",
  "application/vnd.oci.image.config.v1+json",
  "application/vnd.oci.image.layer.v1.tar+gzip",
  "application/vnd.oci.image.layer.v1.tar",
  "application/json",
];

describe("classify: pushes", () => {
  for (const mediaType of ALL_MANIFESTS) {
    it(`when a ${mediaType} is pushed with a tag, then it is a counted push`, () => {
      assert.equal(kindOf(buildEvent({ target: { mediaType, tag: "1.0" } })), "push");
    });
  }

  for (const mediaType of [schema1, schema1Signed]) {
    it(`when a ${mediaType} is pushed without a tag, then it is still a counted push`, () => {
      assert.equal(kindOf(buildEvent({ target: { mediaType, tag: undefined } })), "push");
    });
  }

  for (const mediaType of [schema2, manifestList, ociManifest, ociIndex]) {
    it(`when a ${mediaType} is pushed without a tag, then it is push-untagged`, () => {
      assert.equal(kindOf(buildEvent({ target: { mediaType, tag: undefined } })), "push-untagged");
    });
  }

  it("when the tag is an empty string (Go's unset value), then the push is untagged", () => {
    assert.equal(kindOf(buildEvent({ target: { tag: "" } })), "push-untagged");
  });

  it("when a tagged manifest push is classified, then every field the commands need is carried", () => {
    const raw = buildEvent({ id: "push-1", target: { tag: "1.0" } });
    assert.deepEqual(classifyRaw(raw), {
      id: "push-1",
      kind: "push",
      repository: "team/app",
      tag: "1.0",
      digest: digestOf("manifest"),
      mediaType: ociManifest,
      actor: "alice",
      timestamp: new Date("2026-11-27T01:37:45.028Z"),
      references: [
        { mediaType: "application/vnd.oci.image.config.v1+json", size: 163, digest: digestOf("config") },
        { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", size: 94, digest: digestOf("layer") },
      ],
      method: "PUT",
    });
  });

  for (const mediaType of BLOB_TYPES) {
    it(`when a blob of type ${mediaType} is pushed, then it is ignored as a blob`, () => {
      const result = classifyRaw(buildBlobEvent({ target: { mediaType } }));
      assert.equal(result.kind, "ignored");
      assert.match(result.reason ?? "", /^blob/);
      assert.equal(result.references, undefined);
    });
  }

  it("when a push has no media type, then it is ignored as not a manifest", () => {
    const result = classifyRaw(buildEvent({ target: { mediaType: undefined } }));
    assert.deepEqual([result.kind, result.reason], ["ignored", "no media type, so not a manifest"]);
  });
});

describe("classify: media type comparison", () => {
  it("when the media type has parameters, then they are ignored", () => {
    const mediaType = `${ociManifest}; charset=utf-8`;
    assert.equal(kindOf(buildEvent({ target: { mediaType } })), "push");
    assert.equal(kindOf(pull({ target: { mediaType } })), "pull");
  });

  it("when the media type is in upper case with spaces, then it still matches", () => {
    const mediaType = ` ${schema2.toUpperCase()} ;Charset="UTF-8"`;
    assert.equal(kindOf(buildEvent({ target: { mediaType } })), "push");
  });

  it("when the media type only starts like a manifest type, then it is a blob", () => {
    assert.equal(kindOf(buildEvent({ target: { mediaType: `${ociManifest}x` } })), "ignored");
  });
});

describe("classify: pulls", () => {
  for (const mediaType of [schema1, schema1Signed, schema2, ociManifest]) {
    it(`when a ${mediaType} is fetched with GET, then it is a counted pull`, () => {
      assert.equal(kindOf(pull({ target: { mediaType } })), "pull");
    });
  }

  it("when a manifest is fetched by digest with GET (no tag), then it is a counted pull", () => {
    assert.equal(kindOf(pull({ target: { tag: undefined } })), "pull");
  });

  for (const mediaType of [manifestList, ociIndex]) {
    it(`when a ${mediaType} is fetched with GET, then it is pull-index, not a repository pull`, () => {
      assert.equal(kindOf(pull({ target: { mediaType } })), "pull-index");
    });
  }

  for (const mediaType of [schema2, ociManifest, ociIndex]) {
    it(`when a ${mediaType} is checked with HEAD, then it is a check, not a pull`, () => {
      const result = classifyRaw(pull({ target: { mediaType }, request: { method: "HEAD" } }));
      assert.deepEqual([result.kind, result.reason], ["check", undefined]);
    });
  }

  const clientCases: [string | undefined, string | undefined, string | undefined][] = [
    ["10.1.2.3:51234", "containerd/2.0.0", "10.1.2.3 containerd/2.0.0"],
    ["[fd00::7]:443", "skopeo/1.9.3", "fd00::7 skopeo/1.9.3"],
    ["fd00::7", "skopeo/1.9.3", "fd00::7 skopeo/1.9.3"],
    ["10.1.2.3", undefined, "10.1.2.3 "],
    [undefined, undefined, undefined],
  ];
  for (const [addr, useragent, client] of clientCases) {
    it(`when a pull comes from ${addr} with agent ${useragent}, then its client is ${JSON.stringify(client)}`, () => {
      assert.equal(classifyRaw(pull({ request: { method: "GET", addr, useragent } })).client, client);
    });
  }

  it("when the request has no method, then the pull counts like a GET", () => {
    assert.equal(kindOf(pull({ request: { method: undefined } })), "pull");
  });

  it("when the event has no request at all, then the pull counts like a GET", () => {
    const result = classifyRaw(pull({ request: undefined }));
    assert.deepEqual([result.kind, result.method], ["pull", undefined]);
  });

  it("when the method is an empty string, then the pull counts like a GET", () => {
    assert.equal(kindOf(pull({ request: { method: "" } })), "pull");
  });

  it("when the method is lower case, then it is compared upper case", () => {
    const result = classifyRaw(pull({ request: { method: "get" } }));
    assert.deepEqual([result.kind, result.method], ["pull", "GET"]);
    assert.equal(kindOf(pull({ request: { method: "head" } })), "check");
  });

  it("when a pull carries another method, then it is ignored as not a download", () => {
    const result = classifyRaw(pull({ request: { method: "POST" } }));
    assert.equal(result.kind, "ignored");
    assert.match(result.reason ?? "", /POST/);
  });

  for (const method of ["GET", "HEAD"]) {
    it(`when a blob is pulled with ${method}, then it is ignored as a blob`, () => {
      const raw = buildBlobEvent({ action: "pull", request: { method } });
      assert.equal(kindOf(raw), "ignored");
    });
  }

  it("when the actor name is empty (anonymous), then the classified event has no actor", () => {
    assert.equal("actor" in classifyRaw(pull({ actor: { name: "" } })), false);
    assert.equal("actor" in classifyRaw(pull({ actor: undefined })), false);
  });
});

describe("classify: deletes", () => {
  const digest = digestOf("manifest");

  it("when a delete names only a digest, then it is delete-digest", () => {
    const result = classifyRaw(deleteOf({ repository: "team/app", digest }));
    assert.deepEqual([result.kind, result.digest, result.tag], ["delete-digest", digest, undefined]);
  });

  it("when a delete names only a tag, then it is delete-tag", () => {
    const result = classifyRaw(deleteOf({ repository: "team/app", tag: "1.0" }));
    assert.deepEqual([result.kind, result.tag, result.digest], ["delete-tag", "1.0", undefined]);
  });

  it("when a delete names neither digest nor tag, then it is delete-repository", () => {
    assert.equal(kindOf(deleteOf({ repository: "team/app" })), "delete-repository");
  });

  it("when the digest is an empty string beside a tag, then it is delete-tag", () => {
    assert.equal(kindOf(deleteOf({ repository: "team/app", digest: "", tag: "1.0" })), "delete-tag");
  });

  it("when a delete names both a tag and a digest, then the narrower delete-tag wins", () => {
    assert.equal(kindOf(deleteOf({ repository: "team/app", digest, tag: "1.0" })), "delete-tag");
  });

  it("when a delete carries a manifest media type, then its shape still decides", () => {
    assert.equal(kindOf(deleteOf({ repository: "team/app", digest, mediaType: schema2 })), "delete-digest");
  });

  it("when a delete carries a blob media type, then it is ignored as a blob", () => {
    const raw = deleteOf({ repository: "team/app", digest, mediaType: "application/octet-stream" });
    assert.equal(kindOf(raw), "ignored");
  });
});

describe("classify: other actions", () => {
  it("when a blob is mounted from another repository, then it is ignored", () => {
    const raw = buildBlobEvent({ action: "mount", target: { fromRepository: "team/base" } });
    const result = classifyRaw(raw);
    assert.equal(result.kind, "ignored");
    assert.match(result.reason ?? "", /mount/);
  });

  for (const action of ["frobnicate", "PUSH", "x".repeat(5000)]) {
    it(`when the action is ${JSON.stringify(action.slice(0, 12))}, then it is ignored as unknown`, () => {
      const result = classifyRaw(buildEvent({ action }));
      assert.equal(result.kind, "ignored");
      assert.match(result.reason ?? "", /^unknown action "/);
      assert.ok((result.reason ?? "").length < 100, "the reason quotes a shortened action");
    });
  }
});

// The original Go collector's own vectors (2015, registry 2.0): schema1, no tag, tarsum and short digests.
describe("classify: the original collector's test vectors", () => {
  const original = (id: string, target: RawEvent["target"]): RawEvent => ({
    id,
    timestamp: "2006-01-02T15:04:05Z",
    action: "push",
    target: { size: 1, length: 1, url: "http://example.com/v2/library/test/manifests/latest", ...target },
    request: {
      id: "r",
      addr: "client.local",
      host: "registrycluster.local",
      method: "PUT",
      useragent: "test/0.1",
    },
    actor: { name: "test-actor" },
    source: { addr: "hostname.local:port" },
  });
  const manifestPush = original("orig-0", {
    mediaType: schema1Signed,
    digest: "sha256:0123456789abcdef0",
    repository: "library/test",
  });
  const layerPush = (id: string, digest: string) =>
    original(id, {
      mediaType: "application/vnd.docker.container.image.rootfs.diff+x-gtar",
      digest,
      repository: "library/test",
    });

  it("when its schema1 manifest push without a tag arrives, then it counts as a push", () => {
    const result = classifyRaw(manifestPush);
    assert.deepEqual(
      [result.kind, result.repository, result.actor, result.timestamp.toISOString()],
      ["push", "library/test", "test-actor", "2006-01-02T15:04:05.000Z"],
    );
  });

  it("when its v1+json schema1 manifest push arrives, then it counts as a push too", () => {
    assert.equal(kindOf(buildEventWith("target.mediaType", schema1, manifestPush)), "push");
  });

  it("when its layer push with a tarsum digest arrives, then it writes nothing", () => {
    assert.equal(kindOf(layerPush("orig-1", "tarsum.v2+sha256:0123456789abcdef1")), "ignored");
  });

  it("when its envelope of one manifest and two layer pushes arrives, then it is 1 push and 2 ignored", () => {
    const envelope = buildEnvelope([
      manifestPush,
      layerPush("orig-1", `sha256:${"3b".repeat(32)}`),
      layerPush("orig-2", `sha256:${"3c".repeat(32)}`),
    ]);
    const result = parseEnvelope(JSON.parse(JSON.stringify(envelope)));
    assert.ok(result.ok);
    assert.deepEqual(result.events.map(kindOf), ["push", "ignored", "ignored"]);
  });
});

// Captures from distribution 2.8.2 driven by skopeo, kept in test/fixtures/registry-2.8.2/.
describe("classify: distribution 2.8.2 captures", () => {
  const repoRoot = path.resolve(__dirname, "../../../..");
  const samples = path.resolve(repoRoot, "test/fixtures/registry-2.8.2");
  const expected: Record<string, EventKind[]> = {
    "push-pull-delete-tag.json": [
      ...["ignored", "ignored", "push"],
      ...["pull", "ignored", "ignored", "pull"],
      ...["delete-digest", "delete-tag"],
    ] as EventKind[],
    "two-tags-push-then-pull.json": [
      ...["ignored", "ignored", "push", "ignored", "ignored", "push"],
      ...["pull", "ignored", "pull", "ignored", "ignored"],
    ] as EventKind[],
    "multi-arch-push-then-arm64-pull.json": [
      ...["ignored", "ignored", "push-untagged", "ignored", "ignored", "push-untagged", "push"],
      ...["pull-index", "pull", "ignored", "ignored"],
    ] as EventKind[],
  };

  it("when the captures directory is listed, then every capture has expectations", () => {
    const files = readdirSync(samples).filter((name) => name.endsWith(".json"));
    assert.deepEqual(files.sort(), Object.keys(expected).sort());
  });

  for (const [file, kinds] of Object.entries(expected)) {
    it(`when ${file} is replayed, then the kinds follow the counting rules`, () => {
      const captures = JSON.parse(readFileSync(path.join(samples, file), "utf8")) as { envelope: unknown }[];
      const actual = captures.flatMap(({ envelope }) => {
        const result = parseEnvelope(envelope);
        assert.ok(result.ok, result.ok ? "" : result.message);
        return result.events.map(kindOf);
      });
      assert.deepEqual(actual, kinds);
    });
  }
});
