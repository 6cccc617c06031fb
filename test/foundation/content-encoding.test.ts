// Compressed request bodies on both routes that read JSON: whatever the client sends, the answer is a 4xx
// naming the problem, never a 500.
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { after, before, describe, it } from "node:test";
import { buildEnvelope, buildEvent } from "../support/builders";
import { startApp, type TestApp } from "../support/harness";
import { EVENTS_V1 } from "../support/ingest-builders";
import { TEST_INGEST_TOKEN } from "../support/harness";

const errorOf = (json: unknown) => (json as { error: { code: string; message: string } }).error;

interface Route {
  name: string;
  path: (app: TestApp) => string;
  headers: Record<string, string>;
  body: string;
  /** Bytes of JSON over the route's body limit once decompressed. */
  bomb: number;
}

const ROUTES: Route[] = [
  {
    name: "the events route",
    path: (app) => app.config.server.route,
    headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, "content-type": EVENTS_V1 },
    body: JSON.stringify(buildEnvelope([buildEvent()])),
    bomb: 64 * 1024,
  },
  {
    name: "the GraphQL route",
    path: (app) => app.config.graphql.path,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "{ registry { repositoryCount } }" }),
    bomb: 200 * 1024,
  },
];

// A JSON document of `size` bytes that compresses to almost nothing.
const padded = (size: number) => JSON.stringify({ events: [], padding: " ".repeat(size) });

describe("compressed request bodies", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ ingest: { max_body_bytes: 16 * 1024 } });
  });
  after(() => app.stop());

  for (const route of ROUTES) {
    const post = (encoding: string, body: Buffer) =>
      app.request(route.path(app), {
        method: "POST",
        headers: { ...route.headers, "content-encoding": encoding },
        body,
      });

    it(`when ${route.name} gets a valid gzip body, then it is read`, async () => {
      const res = await post("gzip", zlib.gzipSync(route.body));
      assert.equal(res.status, 200, res.text);
    });

    const garbage: [string, string, Buffer][] = [
      ["gzip", "a body that is not gzip", Buffer.from(route.body)],
      ["gzip", "a truncated gzip body", zlib.gzipSync(route.body).subarray(0, 20)],
      ["deflate", "a body that is not deflate", Buffer.from("not deflate at all")],
      ["br", "a body that is not brotli", Buffer.from("not brotli at all, no")],
      ["zstd", "a body that is not zstd", Buffer.from("not zstd at all")],
    ];
    for (const [encoding, what, body] of garbage) {
      it(`when ${route.name} gets ${what} (Content-Encoding: ${encoding}), then it answers 400`, async () => {
        const res = await post(encoding, body);
        assert.equal(res.status, 400, res.text);
        assert.equal(errorOf(res.json).code, "BAD_REQUEST");
        assert.match(errorOf(res.json).message, new RegExp(`not valid "${encoding}"-encoded data`));
      });
    }

    it(`when ${route.name} gets a gzip bomb over the body limit, then it answers 413`, async () => {
      const bomb = zlib.gzipSync(padded(route.bomb));
      assert.ok(bomb.length < 1024, "the compressed body itself is small");
      const res = await post("gzip", bomb);
      assert.equal(res.status, 413, res.text);
      assert.equal(errorOf(res.json).code, "PAYLOAD_TOO_LARGE");
    });

    for (const encoding of ["compress", "gzip, gzip", "x-unknown"]) {
      it(`when ${route.name} gets Content-Encoding "${encoding}", then it answers 415 listing what it reads`, async () => {
        const res = await post(encoding, Buffer.from(route.body));
        assert.equal(res.status, 415, res.text);
        assert.equal(errorOf(res.json).code, "UNSUPPORTED_CONTENT_ENCODING");
        assert.match(String(res.headers["accept-encoding"]), /gzip, deflate, br/);
      });
    }
  }
});
