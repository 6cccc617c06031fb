import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Writable } from "node:stream";
import fs from "node:fs";
import pino from "pino";
import { start } from "../../src/server";
import { buildConfig, startApp, type TestApp } from "../support/harness";
import { request } from "../support/http";
import { buildRepository, reloadReadModel } from "../support/stats-builders";
import { API_TOKENS, codes, gql } from "./http-client";

const VIEWER = `{ viewer { name } }`;
const STAR = `mutation ($name: String!) { starRepository(name: $name) { name starCount viewerHasStarred } }`;

describe("GraphQL over HTTPS: identity", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ api: { tokens: API_TOKENS } });
    await buildRepository(app.ctx.db.models, { repositoryname: "http/app", numpulls: 3 });
    await reloadReadModel(app.ctx);
  });
  after(() => app.stop());

  it("when an anonymous client reads, then it gets data and viewer is null", async () => {
    const res = await gql(
      app,
      `{ viewer { name } repository(name: "http/app") { name pullCount viewerHasStarred } }`,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      data: { viewer: null, repository: { name: "http/app", pullCount: 3, viewerHasStarred: false } },
    });
  });

  it("when a query is answered, then the response says it must not be stored (cache-control: no-store)", async () => {
    const res = await gql(app, VIEWER);
    assert.equal(res.status, 200);
    assert.equal(res.headers["cache-control"], "no-store");
  });

  it("when a page with totalCount is asked over HTTPS, then Apollo answers it (the count runs once)", async () => {
    const res = await gql(app, `{ repositories(first: 5) { totalCount nodes { name } } }`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { data: { repositories: { totalCount: 1, nodes: [{ name: "http/app" }] } } });
  });

  it("when a client sends a valid Bearer token, then it is that user", async () => {
    assert.deepEqual((await gql(app, VIEWER, { token: API_TOKENS.alice })).body, {
      data: { viewer: { name: "alice" } },
    });
    assert.deepEqual((await gql(app, VIEWER, { token: API_TOKENS.bob })).body, {
      data: { viewer: { name: "bob" } },
    });
  });

  it("when the token is wrong, then 401 UNAUTHENTICATED with a Bearer challenge, even for reads", async () => {
    for (const token of ["nope", `${API_TOKENS.alice}x`, API_TOKENS.alice.slice(0, -1)]) {
      const res = await gql(app, VIEWER, { token });
      assert.equal(res.status, 401);
      assert.deepEqual(codes(res.body), ["UNAUTHENTICATED"]);
      assert.match(String(res.headers["www-authenticate"]), /^Bearer realm="drec"/);
      assert.equal(res.body.data, undefined);
    }
  });

  it("when Authorization uses another scheme, then 401 says to use Bearer", async () => {
    const res = await gql(app, VIEWER, {
      headers: { authorization: `Basic ${Buffer.from("alice:x").toString("base64")}` },
    });
    assert.equal(res.status, 401);
    assert.match(res.body.errors?.[0].message ?? "", /Bearer/);
  });

  it("when the trusted header is not configured, then it is ignored", async () => {
    const res = await gql(app, VIEWER, { headers: { "x-forwarded-user": "mallory" } });
    assert.deepEqual(res.body, { data: { viewer: null } });
  });

  it("when an anonymous client stars, then UNAUTHENTICATED and nothing changes", async () => {
    const res = await gql(app, STAR, { variables: { name: "http/app" } });
    assert.equal(res.status, 200);
    assert.deepEqual(codes(res.body), ["UNAUTHENTICATED"]);
    const doc = await app.ctx.db.models.repositories.findOne({ repositoryname: "http/app" }).lean();
    assert.equal(doc?.numstars, 0);
  });

  it("when a user stars over HTTPS, then the star is stored for that user", async () => {
    const res = await gql(app, STAR, { variables: { name: "http/app" }, token: API_TOKENS.bob });
    assert.deepEqual(res.body, {
      data: { starRepository: { name: "http/app", starCount: 1, viewerHasStarred: true } },
    });
    const doc = await app.ctx.db.models.repositories.findOne({ repositoryname: "http/app" }).lean();
    assert.deepEqual(doc?.starredBy, ["bob"]);
  });

  it("when a stored count cannot be served exactly, then the field error is masked, not explained", async () => {
    await buildRepository(app.ctx.db.models, { repositoryname: "http/huge", numpulls: 1e20 });
    const res = await gql(app, `{ repository(name: "http/huge") { name pullCount } }`);
    assert.deepEqual(res.body.data, { repository: null });
    assert.deepEqual(codes(res.body), ["INTERNAL_SERVER_ERROR"]);
    assert.equal(res.body.errors?.[0].message, "Internal server error");
    assert.equal(res.body.errors?.[0].extensions?.requestId, res.headers["x-request-id"]);
  });

  it("when the repository is unknown, then starring answers NOT_FOUND", async () => {
    const res = await gql(app, STAR, { variables: { name: "http/none" }, token: API_TOKENS.bob });
    assert.deepEqual(codes(res.body), ["NOT_FOUND"]);
  });
});

describe("GraphQL over HTTPS: trusted proxy header and read protection", () => {
  let proxied: TestApp;
  let locked: TestApp;
  before(async () => {
    [proxied, locked] = await Promise.all([
      startApp({ api: { tokens: API_TOKENS, trusted_user_header: "X-Forwarded-User" } }),
      startApp({ api: { tokens: API_TOKENS, require_auth_for_reads: true } }),
    ]);
  });
  after(() => Promise.all([proxied.stop(), locked.stop()]));

  it("when the trusted header is configured and sent, then the request is that user", async () => {
    const res = await gql(proxied, VIEWER, { headers: { "x-forwarded-user": "sso-carol" } });
    assert.deepEqual(res.body, { data: { viewer: { name: "sso-carol" } } });
  });

  it("when both a token and the trusted header are sent, then the token decides", async () => {
    const res = await gql(proxied, VIEWER, {
      token: API_TOKENS.alice,
      headers: { "x-forwarded-user": "sso-carol" },
    });
    assert.deepEqual(res.body, { data: { viewer: { name: "alice" } } });
  });

  it("when the trusted header is empty, then the request is anonymous", async () => {
    const res = await gql(proxied, VIEWER, { headers: { "x-forwarded-user": "  " } });
    assert.deepEqual(res.body, { data: { viewer: null } });
  });

  it("when reads require authentication and none is sent, then 401 UNAUTHENTICATED", async () => {
    const res = await gql(locked, `{ registry { repositoryCount } }`);
    assert.equal(res.status, 401);
    assert.deepEqual(codes(res.body), ["UNAUTHENTICATED"]);
    assert.equal(res.body.data, undefined);
  });

  it("when reads require authentication and a token is sent, then the read works", async () => {
    const res = await gql(locked, `{ registry { repositoryCount } viewer { name } }`, {
      token: API_TOKENS.bob,
    });
    assert.deepEqual(res.body, { data: { registry: { repositoryCount: 0 }, viewer: { name: "bob" } } });
  });
});

describe("GraphQL over HTTPS: protection", () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ api: { tokens: API_TOKENS }, graphql: { max_depth: 5 } });
  });
  after(() => app.stop());

  it("when a GET query comes without a preflight header, then Apollo's CSRF prevention refuses it", async () => {
    const res = await app.request(`/graphql?query=${encodeURIComponent(VIEWER)}`);
    assert.equal(res.status, 400);
    assert.match(res.text, /CSRF|preflight/i);
  });

  it("when a POST is text/plain (a simple cross-site request), then it is refused", async () => {
    const res = await app.request("/graphql", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: VIEWER }),
    });
    assert.equal(res.status, 400);
  });

  it("when a GET query carries apollo-require-preflight, then it is answered", async () => {
    const res = await app.request(`/graphql?query=${encodeURIComponent(VIEWER)}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { data: { viewer: null } });
  });

  it("when a query nests deeper than graphql.max_depth, then 400 explains the depth limit", async () => {
    const res = await gql(app, `{ repositories { edges { node { tags { nodes { name } } } } } }`);
    assert.equal(res.status, 400);
    assert.deepEqual(codes(res.body), ["GRAPHQL_VALIDATION_FAILED"]);
    assert.match(
      res.body.errors?.[0].message ?? "",
      /too deep: it nests 6 levels .* limit is 5 \(graphql\.max_depth\)/,
    );
  });

  it("when a fragment hides the depth, then it is still counted", async () => {
    const res = await gql(
      app,
      `query { repositories { ...R } } fragment R on RepositoryConnection { edges { node { tags { nodes { name } } } } }`,
    );
    assert.equal(res.status, 400);
    assert.match(res.body.errors?.[0].message ?? "", /too deep/);
  });

  it("when a query is within the depth limit or introspects, then it runs", async () => {
    assert.equal((await gql(app, `{ repositories { nodes { name } } }`)).status, 200);
    const res = await gql(
      app,
      `{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`,
    );
    assert.equal(res.status, 200);
    assert.ok(res.body.data);
  });

  it("when lists multiply past graphql.max_complexity, then 400 explains the cost and the limit", async () => {
    const res = await gql(
      app,
      `{ repositories(first: 100) { nodes { tags(first: 100) { nodes { name } } } } }`,
    );
    assert.equal(res.status, 400);
    assert.deepEqual(codes(res.body), ["GRAPHQL_VALIDATION_FAILED"]);
    assert.match(
      res.body.errors?.[0].message ?? "",
      /too complex: it costs \d+ and the limit is 2000 \(graphql\.max_complexity\)/,
    );
  });

  it("when page sizes come from variables, then the complexity uses their values", async () => {
    const query = `query ($n: Int) { repositories(first: $n) { nodes { tags(first: $n) { nodes { name } } } } }`;
    assert.equal((await gql(app, query, { variables: { n: 10 } })).status, 200);
    assert.equal((await gql(app, query, { variables: { n: 60 } })).status, 400);
  });

  it("when fragments spread each other into billions of fields, then it is refused quickly", async () => {
    const fragments = Array.from({ length: 31 }, (_, i) =>
      i === 0
        ? "fragment F0 on RegistrySummary { pushCount }"
        : `fragment F${i} on RegistrySummary { ...F${i - 1} ...F${i - 1} }`,
    );
    // Refused by graphql-js's recursive selection limit during validation, before anything walks the 2^30
    // fields (which would not end within the test's timeout); the code names that limit.
    const res = await gql(app, `{ registry { ...F30 } } ${fragments.join(" ")}`);
    assert.equal(res.status, 400);
    const [error] = (res.json as { errors: { extensions: Record<string, unknown> }[] }).errors;
    assert.equal(error.extensions.validationErrorCode, "MAX_RECURSIVE_SELECTIONS_EXCEEDED");
  });

  it("when aliases select more than 10,000 fields, then the query is refused as too large", async () => {
    const fields = Array.from({ length: 101 }, (_, i) => `f${i}: pushCount`).join(" ");
    const aliases = Array.from({ length: 100 }, (_, i) => `r${i}: registry { ...F }`).join(" ");
    const res = await gql(app, `{ ${aliases} } fragment F on RegistrySummary { ${fields} }`);
    assert.equal(res.status, 400);
    assert.match(res.body.errors?.[0].message ?? "", /too large|too complex/);
  });

  it("when first is above 100 in an otherwise cheap query, then BAD_USER_INPUT", async () => {
    const res = await gql(app, `{ repositories(first: 101) { nodes { name } } }`);
    assert.deepEqual(codes(res.body), ["BAD_USER_INPUT"]);
    assert.match(res.body.errors?.[0].message ?? "", /between 0 and 100/);
  });

  it("when a body is larger than 100 kB, then 413", async () => {
    const res = await app.request("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ viewer { name } }`, variables: { pad: "x".repeat(110 * 1024) } }),
    });
    assert.equal(res.status, 413);
  });

  it("when a query does not parse or names unknown fields, then 400 with the GraphQL error code", async () => {
    const broken = await gql(app, `{ repositories { `);
    assert.equal(broken.status, 400);
    assert.deepEqual(codes(broken.body), ["GRAPHQL_PARSE_FAILED"]);
    const unknown = await gql(app, `{ secrets }`);
    assert.equal(unknown.status, 400);
    assert.deepEqual(codes(unknown.body), ["GRAPHQL_VALIDATION_FAILED"]);
  });

  it("when an operation succeeds or fails, then drec_graphql_operations_total counts it", async () => {
    const metrics = (await app.request("/metrics")).text;
    assert.match(metrics, /drec_graphql_operations_total\{operation="query",outcome="ok"\} \d+/);
  });
});

describe("GraphQL over HTTPS: internal errors", () => {
  // A database outage is not internal: it answers SERVICE_UNAVAILABLE (test/foundation/database-down.test.ts).
  it("when a stored value breaks a query (bad data), then the client sees a masked error with the request id that the log has", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    const config = buildConfig({ api: { tokens: API_TOKENS } });
    const running = await start(config, { log: pino({ level: "error" }, sink) });
    const ca = fs.readFileSync(config.server.ssl.cert, "utf8");
    const base = `https://127.0.0.1:${running.port}`;
    const app: TestApp = {
      ...running,
      config,
      ca,
      request: (p, o = {}) => request(`${base}${p}`, { ca, ...o }),
    };
    try {
      // A count beyond 2^53 that another writer stored: SafeInt cannot represent it.
      await buildRepository(running.ctx.db.models, { repositoryname: "any/app", numpulls: 1e20 });
      const query = `{ repository(name: "any/app") { name pullCount } }`;
      const res = await gql(app, query);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, { repository: null });
      const requestId = String(res.headers["x-request-id"]);
      assert.deepEqual(res.body.errors, [
        {
          message: "Internal server error",
          locations: [{ line: 1, column: query.indexOf("pullCount") + 1 }],
          path: ["repository", "pullCount"],
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
        },
      ]);
      assert.doesNotMatch(res.text, /mongo|connection|stack/i);
      const logged = lines.map(
        (line) => JSON.parse(line) as { requestId?: string; msg?: string; err?: { message?: string } },
      );
      const entry = logged.find((l) => l.msg === "GraphQL operation failed");
      assert.ok(entry, `no error log among ${lines.length} lines`);
      assert.equal(entry.requestId, requestId);
      assert.ok(entry.err?.message);
    } finally {
      await running.stop();
    }
  });
});
