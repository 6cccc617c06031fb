import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MAX_KEY_LENGTH,
  MAX_REPOSITORY_LENGTH,
  parseEvent,
  quote,
} from "../../../src/ingest/events/event.schema";
import { buildBlobEvent, buildEvent, buildEventWith, digestOf, parsed } from "../../support/builders";

const reasonOf = (raw: unknown): string => {
  const result = parseEvent(raw);
  assert.equal(result.ok, false, "the event was accepted");
  return result.ok ? "" : result.reason;
};
const accepted = (raw: unknown) => parseEvent(raw).ok;

describe("parseEvent: valid events", () => {
  it("when a distribution 2.8.2 manifest push arrives, then every field is typed", () => {
    const event = parsed(buildEvent({ id: "e-1" }));
    assert.equal(event.id, "e-1");
    assert.equal(event.action, "push");
    assert.ok(event.timestamp instanceof Date);
    assert.deepEqual(event.target.references?.[0], {
      mediaType: "application/vnd.oci.image.config.v1+json",
      size: 163,
      digest: digestOf("config"),
    });
    assert.deepEqual(
      [
        event.target.repository,
        event.target.tag,
        event.target.size,
        event.request?.method,
        event.actor?.name,
      ],
      ["team/app", "1.0", 400, "PUT", "alice"],
    );
  });

  it("when a blob push arrives, then it is accepted as well", () => {
    assert.ok(accepted(buildBlobEvent()));
  });

  for (const [timestamp, iso] of [
    ["2026-11-27T01:37:44.967630623Z", "2026-11-27T01:37:44.967Z"],
    ["2026-11-27T03:37:44.5+02:00", "2026-11-27T01:37:44.500Z"],
    ["2026-11-26T20:07:44-05:30", "2026-11-27T01:37:44.000Z"],
    ["2026-11-27t01:37:44z", "2026-11-27T01:37:44.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
  ]) {
    it(`when the timestamp is ${timestamp}, then it parses to ${iso}`, () => {
      assert.equal(parsed(buildEvent({ timestamp })).timestamp.toISOString(), iso);
    });
  }

  it("when fields are empty strings or null (Go's and others' unset values), then they are absent", () => {
    const event = parsed(
      buildEvent({
        target: { tag: "", mediaType: "", url: "" },
        actor: { name: "" },
        request: { method: "" },
      }),
    );
    assert.deepEqual(
      [event.target.tag, event.target.mediaType, event.target.url, event.actor?.name, event.request?.method],
      [undefined, undefined, undefined, undefined, undefined],
    );
    assert.equal(parsed(buildEventWith("request", null)).request, undefined);
  });

  it("when request, actor and source are missing, then the event is still accepted", () => {
    const event = parsed(buildEvent({ request: undefined, actor: undefined, source: undefined }));
    assert.deepEqual([event.request, event.actor, event.source], [undefined, undefined, undefined]);
  });

  it("when the method is lower case, then it is upper-cased", () => {
    assert.equal(parsed(buildEvent({ request: { method: "get" } })).request?.method, "GET");
  });

  it("when the action is unknown, then the event is accepted (classification ignores it)", () => {
    assert.equal(parsed(buildEvent({ action: "frobnicate" })).action, "frobnicate");
  });

  it("when registries add unknown fields at any level, then they are accepted and dropped", () => {
    let raw = buildEventWith("target.annotations", { a: 1 });
    raw = buildEventWith("request.traceparent", "00-abc", raw);
    raw = buildEventWith("extra", [1, 2], raw);
    const event = parsed(raw) as unknown as Record<string, unknown>;
    assert.equal("extra" in event, false);
    assert.equal("annotations" in (event.target as object), false);
  });

  for (const [path, value] of [
    ["target.size", "big"],
    ["target.length", -1],
    ["target.url", 42],
    ["target.fromRepository", {}],
    ["target.references.0.size", 1.5],
    ["request.useragent", 5],
    ["request.addr", []],
    ["source", "junk"],
    ["source.instanceID", 7],
  ] as const) {
    it(`when ${path} (never read by drec) is ${JSON.stringify(value)}, then it is dropped, not rejected`, () => {
      const raw = path.startsWith("target.references.0")
        ? buildEvent({ target: { references: [{ digest: digestOf("x"), size: value as number }] } })
        : buildEventWith(path, value);
      assert.ok(accepted(raw), path);
    });
  }

  it(`when the repository name is ${MAX_REPOSITORY_LENGTH} characters long, then it is accepted`, () => {
    const repository = `team/${"a".repeat(MAX_REPOSITORY_LENGTH - 5)}`;
    assert.ok(accepted(buildEvent({ target: { repository } })));
  });

  for (const repository of ["a", "library/nginx", "a.b/c_d/e__f/g-h/i---j", "0/1/2", "team-a/app.v2"]) {
    it(`when the repository is ${repository}, then it is accepted`, () => {
      assert.ok(accepted(buildEvent({ target: { repository } })));
    });
  }

  for (const digest of [`sha512:${"ab".repeat(64)}`, "tarsum.v2+sha256:0123456789abcdef1", "sha256:0123ab"]) {
    it(`when the digest is ${digest.slice(0, 40)}, then it is accepted`, () => {
      assert.ok(accepted(buildEvent({ target: { digest } })));
    });
  }

  for (const tag of ["latest", "_x", "V1.2.3-rc_1", "a".repeat(128)]) {
    it(`when the tag is ${tag.slice(0, 20)}, then it is accepted`, () => {
      assert.ok(accepted(buildEvent({ target: { tag } })));
    });
  }

  it("when the body carries a __proto__ key, then nothing is polluted", () => {
    const raw: unknown = JSON.parse(
      `{"__proto__":{"polluted":true},${JSON.stringify(buildEvent()).slice(1)}`,
    );
    assert.ok(accepted(raw));
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });
});

describe("parseEvent: rejections", () => {
  for (const [value, type] of [
    ["event", "string"],
    [null, "null"],
    [[buildEvent()], "array"],
    [1, "number"],
  ] as const) {
    it(`when the event is ${type}, then it is rejected naming the type`, () => {
      assert.equal(reasonOf(value), `event must be a JSON object, got ${type}`);
    });
  }

  for (const field of ["id", "timestamp", "action", "target", "target.repository"]) {
    it(`when ${field} is missing, then the reason is "missing ${field}"`, () => {
      assert.equal(reasonOf(buildEventWith(field, undefined)), `missing ${field}`);
    });
  }

  it('when the id is an empty string, then the reason is "missing id"', () => {
    assert.equal(reasonOf(buildEvent({ id: "" })), "missing id");
  });

  for (const [path, value, reason] of [
    ["id", 42, "id must be a string, got number"],
    ["timestamp", 1700000000, "timestamp must be a string, got number"],
    ["action", ["push"], "action must be a string, got array"],
    ["target", "team/app", "target must be an object, got string"],
    ["target.repository", 1, "target.repository must be a string, got number"],
    ["target.mediaType", {}, "target.mediaType must be a string, got object"],
    ["target.tag", true, "target.tag must be a string, got boolean"],
    ["target.references", "none", "target.references must be an array, got string"],
    ["request", "GET", "request must be an object, got string"],
    ["request.method", 1, "request.method must be a string, got number"],
    ["actor", "alice", "actor must be an object, got string"],
    ["actor.name", 7, "actor.name must be a string, got number"],
  ] as const) {
    it(`when ${path} is ${JSON.stringify(value)}, then it is rejected: ${reason}`, () => {
      assert.equal(reasonOf(buildEventWith(path, value)), reason);
    });
  }

  it(`when the id is longer than ${MAX_KEY_LENGTH} characters, then it is rejected`, () => {
    assert.equal(
      reasonOf(buildEvent({ id: "x".repeat(300) })),
      `id is longer than ${MAX_KEY_LENGTH} characters`,
    );
  });

  it(`when the actor name is longer than ${MAX_KEY_LENGTH} characters, then it is rejected`, () => {
    assert.match(reasonOf(buildEvent({ actor: { name: "a".repeat(300) } })), /^actor\.name is longer/);
  });

  for (const timestamp of [
    "2026-11-27 01:37:44Z",
    "2026-11-27T01:37:44",
    "2026-11-27T01:37:44+0200",
    "2026-02-30T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-11-27T24:00:00Z",
    "Fri, 27 Nov 2026 01:37:44 GMT",
    "yesterday",
  ]) {
    it(`when the timestamp is ${JSON.stringify(timestamp)}, then it is rejected as not RFC 3339`, () => {
      assert.equal(
        reasonOf(buildEvent({ timestamp })),
        `timestamp ${JSON.stringify(timestamp)} is not an RFC 3339 date-time (e.g. 2026-11-27T01:37:44.967630623Z)`,
      );
    });
  }

  for (const repository of [
    "Team/App",
    "-team/app",
    "team//app",
    "team/app/",
    "/team",
    "a..b",
    "a_-b",
    "tëam",
  ]) {
    it(`when the repository is ${JSON.stringify(repository)}, then it is rejected as invalid`, () => {
      assert.match(
        reasonOf(buildEvent({ target: { repository } })),
        /^target\.repository ".*" is not a valid repository name \(lowercase components/,
      );
    });
  }

  it(`when the repository name is longer than ${MAX_REPOSITORY_LENGTH} characters, then it is rejected`, () => {
    const repository = `team/${"a".repeat(MAX_REPOSITORY_LENGTH - 4)}`;
    assert.match(reasonOf(buildEvent({ target: { repository } })), /is not a valid repository name/);
  });

  it("when a long repository name almost matches, then rejecting it stays fast (no backtracking blow-up)", () => {
    const started = performance.now();
    for (const tail of ["!", "-", "/", "_"]) {
      reasonOf(buildEvent({ target: { repository: `${"a-".repeat(120)}a${tail}` } }));
    }
    assert.ok(performance.now() - started < 200);
  });

  it("when a rejected value is huge, then the reason quotes it shortened", () => {
    const reason = reasonOf(buildEvent({ target: { repository: "A".repeat(100_000) } }));
    assert.ok(reason.length < 200, `reason is ${reason.length} characters`);
  });

  for (const digest of [
    "sha256",
    "sha256:",
    ":abc",
    "SHA256:abc",
    "sha256:ab cd",
    "sha256:abc/",
    "sha256::ab",
  ]) {
    it(`when the target digest is ${JSON.stringify(digest)}, then it is rejected as malformed`, () => {
      assert.equal(
        reasonOf(buildEvent({ target: { digest } })),
        `target.digest ${JSON.stringify(digest)} is not a digest (algorithm:encoded, e.g. sha256:<hex>)`,
      );
    });
  }

  it(`when the digest is longer than ${MAX_KEY_LENGTH} characters, then it is rejected`, () => {
    const digest = `sha256:${"a".repeat(MAX_KEY_LENGTH)}`;
    assert.equal(reasonOf(buildEvent({ target: { digest } })), `target.digest is longer than 256 characters`);
  });

  for (const tag of [".hidden", "-x", "a b", "a/b", "tag:1", "a".repeat(129)]) {
    it(`when the tag is ${JSON.stringify(tag.slice(0, 20))}, then it is rejected as malformed`, () => {
      assert.match(reasonOf(buildEvent({ target: { tag } })), /^target\.tag ".*" is not a valid tag/);
    });
  }

  it("when a reference has no digest, then the reason names its index", () => {
    const references = [{ digest: digestOf("a") }, { mediaType: "application/octet-stream" }];
    assert.equal(reasonOf(buildEvent({ target: { references } })), "missing target.references[1].digest");
  });

  it("when a reference digest is malformed, then the reason names its index", () => {
    const references = [{ digest: "nope" }];
    assert.match(
      reasonOf(buildEvent({ target: { references } })),
      /^target\.references\[0\]\.digest "nope" is not/,
    );
  });

  it("when a reference is not an object, then the reason names its index", () => {
    const raw = buildEventWith("target.references", ["sha256:ab"]);
    assert.equal(reasonOf(raw), "target.references[0] must be an object, got string");
  });
});

describe("quote", () => {
  it("when a value holds control or bidi characters, then they are escaped so logs cannot be spoofed", () => {
    assert.equal(quote('a\u0000b\u202ec"d\\e\n'), '"a\\u0000b\\u202ec\\"d\\\\e\\u000a"');
  });

  it("when a value is long, then at most 64 characters are shown", () => {
    assert.equal(quote("x".repeat(1000)), `"${"x".repeat(64)}…"`);
    assert.equal(quote("\u0000".repeat(1000)), `"${"\\u0000".repeat(10)}…"`);
  });
});
