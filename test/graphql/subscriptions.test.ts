import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Client } from "graphql-ws";
import { buildEnvelope, buildEvent } from "../support/builders";
import { startApp, TEST_INGEST_TOKEN, type TestApp } from "../support/harness";
import { buildRepository } from "../support/stats-builders";
import { API_TOKENS, gql } from "./http-client";
import { connect, Subscription } from "./ws-client";

interface Updated {
  repositoryUpdated: { name: string; pullCount: number; starCount: number };
}

const BY_NAME = `subscription ($name: String) { repositoryUpdated(name: $name) { name pullCount starCount } }`;

describe("Subscription.repositoryUpdated over wss://", () => {
  let app: TestApp;
  const clients: Client[] = [];
  const client = (params?: Record<string, unknown>, headers?: Record<string, string>) => {
    const c = connect(app, params, headers);
    clients.push(c);
    return c;
  };
  before(async () => {
    app = await startApp({ api: { tokens: API_TOKENS } });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await app.stop();
  });

  it("when a pull event is ingested, then the subscriber of that repository sees the new count", async () => {
    const name = "sub/ingested";
    await buildRepository(app.ctx.db.models, { repositoryname: name, numpulls: 0, numpushs: 1 });
    const sub = new Subscription<Updated>(client({ authorization: `Bearer ${API_TOKENS.alice}` }), BY_NAME, {
      name,
    });
    await sub.ready(() => app.ctx.updates.publish("REPOSITORY_UPDATED", name));
    const event = buildEvent({ action: "pull", target: { repository: name }, request: { method: "GET" } });
    const res = await app.request(app.config.server.route, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TEST_INGEST_TOKEN}`,
        "content-type": "application/vnd.docker.distribution.events.v1+json",
      },
      body: JSON.stringify(buildEnvelope([event])),
    });
    assert.equal(res.status, 200, res.text);
    for (;;) {
      const result = await sub.next();
      assert.equal(result.errors, undefined);
      if (result.data?.repositoryUpdated.pullCount === 1) break;
    }
    await sub.close();
  });

  it("when a repository is starred over HTTPS, then a subscriber of every repository sees the star", async () => {
    const name = "sub/starred";
    await buildRepository(app.ctx.db.models, { repositoryname: name });
    const sub = new Subscription<Updated>(client(), BY_NAME, {});
    await sub.ready(() => app.ctx.updates.publish("REPOSITORY_UPDATED", name));
    const res = await gql(app, `mutation { starRepository(name: "${name}") { starCount } }`, {
      token: API_TOKENS.bob,
    });
    assert.deepEqual(res.body, { data: { starRepository: { starCount: 1 } } });
    for (;;) {
      const result = await sub.next();
      if (result.data?.repositoryUpdated.starCount === 1) {
        assert.equal(result.data.repositoryUpdated.name, name);
        break;
      }
    }
    await sub.close();
  });

  it("when another repository changes, then a subscriber filtered by name hears nothing of it", async () => {
    await buildRepository(app.ctx.db.models, { repositoryname: "sub/mine", numpulls: 1 });
    await buildRepository(app.ctx.db.models, { repositoryname: "sub/other", numpulls: 2 });
    const sub = new Subscription<Updated>(client(), BY_NAME, { name: "sub/mine" });
    await sub.ready(() => app.ctx.updates.publish("REPOSITORY_UPDATED", "sub/mine"));
    // Drain anything queued by ready(), then publish the other repository first and ours last.
    await new Promise((resolve) => setTimeout(resolve, 100));
    app.ctx.updates.publish("REPOSITORY_UPDATED", "sub/other");
    await app.ctx.db.models.repositories.updateOne(
      { repositoryname: "sub/mine" },
      { $set: { numpulls: 42 } },
    );
    app.ctx.updates.publish("REPOSITORY_UPDATED", "sub/mine");
    for (;;) {
      const result = await sub.next();
      assert.equal(result.data?.repositoryUpdated.name, "sub/mine");
      if (result.data?.repositoryUpdated.pullCount === 42) break;
    }
    await sub.close();
  });

  it("when the token in connectionParams is wrong, then the socket closes with 4401", async () => {
    const c = client({ authorization: "Bearer wrong-token" });
    const sub = new Subscription<Updated>(c, BY_NAME, {});
    await assert.rejects(sub.next(), (err: { code?: number; reason?: string }) => {
      assert.equal(err.code, 4401);
      assert.match(String(err.reason), /not valid/);
      return true;
    });
  });

  it("when a subscription is too complex or invalid, then it is refused with an explanation", async () => {
    const c = client();
    const deep = new Subscription<Updated>(
      c,
      `subscription { repositoryUpdated {
        a: activity(days: 366) { date pullCount pushCount } b: activity(days: 366) { date pullCount pushCount } } }`,
    );
    await assert.rejects(deep.next(), (errors: { message: string }[]) => {
      assert.match(errors[0].message, /too complex/);
      return true;
    });
    const unknown = new Subscription<Updated>(c, `subscription { nothing }`);
    await assert.rejects(unknown.next(), (errors: { message: string }[]) => {
      assert.match(errors[0].message, /Cannot query field "nothing"/);
      return true;
    });
  });

  it("when a subscription spreads fragments into billions of fields, then it is refused quickly", async () => {
    const fragments = Array.from({ length: 31 }, (_, i) =>
      i === 0
        ? "fragment F0 on Repository { name }"
        : `fragment F${i} on Repository { ...F${i - 1} ...F${i - 1} }`,
    );
    const bomb = new Subscription<Updated>(
      client(),
      `subscription { repositoryUpdated { ...F30 } } ${fragments.join(" ")}`,
    );
    await assert.rejects(bomb.next(), (errors: { message: string }[]) => {
      assert.match(errors[0].message, /too large/);
      return true;
    });
  });

  it("when the proxy header comes from another site's page, then the socket is refused with 4403", async () => {
    const proxied = await startApp({ api: { trusted_user_header: "X-Forwarded-User" } });
    try {
      const c = connect(proxied, {}, { "x-forwarded-user": "carol", origin: "https://evil.example" });
      clients.push(c);
      const sub = new Subscription<Updated>(c, BY_NAME, {});
      await assert.rejects(sub.next(), (err: { code?: number }) => err.code === 4403);
      const same = connect(
        proxied,
        {},
        { "x-forwarded-user": "carol", origin: `https://127.0.0.1:${proxied.port}` },
      );
      clients.push(same);
      const viewer = await new Subscription<{ viewer: { name: string } }>(same, `{ viewer { name } }`).next();
      assert.deepEqual(viewer.data, { viewer: { name: "carol" } });
    } finally {
      await proxied.stop();
    }
  });
});

describe("subscriptions: read protection, failures and shutdown", () => {
  it("when reads require authentication, then an anonymous socket closes with 4401 and a token one works", async () => {
    const app = await startApp({ api: { tokens: API_TOKENS, require_auth_for_reads: true } });
    const anonymous = connect(app);
    const authed = connect(app, { authorization: `Bearer ${API_TOKENS.alice}` });
    try {
      await assert.rejects(
        new Subscription(anonymous, `{ viewer { name } }`).next(),
        (err: { code?: number }) => err.code === 4401,
      );
      const result = await new Subscription<{ viewer: { name: string } }>(
        authed,
        `{ viewer { name } }`,
      ).next();
      assert.deepEqual(result.data, { viewer: { name: "alice" } });
    } finally {
      await Promise.all([anonymous.dispose(), authed.dispose()]);
      await app.stop();
    }
  });

  it("when a stored value breaks the repository's fields (bad data), then the subscriber gets a masked error with a request id", async () => {
    const app = await startApp();
    const c = connect(app);
    try {
      await buildRepository(app.ctx.db.models, { repositoryname: "sub/broken" });
      const sub = new Subscription<Updated>(c, BY_NAME, { name: "sub/broken" });
      await sub.ready(() => app.ctx.updates.publish("REPOSITORY_UPDATED", "sub/broken"));
      // A count beyond 2^53 that another writer stored: SafeInt cannot represent it.
      await app.ctx.db.models.repositories.collection.updateOne(
        { repositoryname: "sub/broken" },
        { $set: { numpulls: 1e20 } },
      );
      app.ctx.updates.publish("REPOSITORY_UPDATED", "sub/broken");
      let result = await sub.next();
      // Notifications published while waiting for readiness may still be queued ahead of the failure.
      while (!result.errors) result = await sub.next();
      const errors = result.errors as { message: string; extensions?: Record<string, unknown> }[];
      assert.equal(errors[0].message, "Internal server error");
      assert.equal(errors[0].extensions?.code, "INTERNAL_SERVER_ERROR");
      assert.match(String(errors[0].extensions?.requestId), /^[0-9a-f-]{36}$/);
    } finally {
      await c.dispose();
      await app.stop();
    }
  });

  it("when the database connection is gone, then the subscriber gets SERVICE_UNAVAILABLE", async () => {
    const app = await startApp();
    const c = connect(app);
    try {
      await buildRepository(app.ctx.db.models, { repositoryname: "sub/offline" });
      const sub = new Subscription<Updated>(c, BY_NAME, { name: "sub/offline" });
      await sub.ready(() => app.ctx.updates.publish("REPOSITORY_UPDATED", "sub/offline"));
      await app.ctx.db.connection.close();
      app.ctx.updates.publish("REPOSITORY_UPDATED", "sub/offline");
      let result = await sub.next();
      while (!result.errors) result = await sub.next();
      const errors = result.errors as { message: string; extensions?: Record<string, unknown> }[];
      assert.equal(errors[0].extensions?.code, "SERVICE_UNAVAILABLE");
    } finally {
      await c.dispose();
      await app.stop();
    }
  });

  it("when the app stops with a subscription open, then shutdown completes and the client sees the close", async () => {
    const app = await startApp();
    await buildRepository(app.ctx.db.models, { repositoryname: "sub/stop" });
    const c = connect(app);
    const closed = new Promise<number>((resolve) =>
      c.on("closed", (event) => resolve((event as { code: number }).code)),
    );
    const sub = new Subscription<Updated>(c, BY_NAME, { name: "sub/stop" });
    await sub.ready(() => app.ctx.updates.publish("REPOSITORY_UPDATED", "sub/stop"));
    // An open socket must not hold shutdown: stop() resolving at all (within the test's timeout) is the check.
    await app.stop();
    assert.equal(await closed, 1001);
    await c.dispose();
  });
});
