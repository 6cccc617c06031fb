// The real pipeline: Debian's docker-registry (distribution 2.8.2), driven by skopeo, notifies a real drec
// process over HTTPS; the statistics it stores are checked in the database, including across a SIGKILL.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { MongoClient, type Db } from "mongodb";
import type { RepositoryDoc } from "../../src/store/models/repository.model";
import { request } from "../support/http";
import { TEST_INGEST_TOKEN, testDatabaseUri, uniqueDatabaseName } from "../support/harness";
import { startDrecProcess, type DrecProcess } from "../support/drec-process";
import { containerdPull } from "../support/containerd-client";
import { buildOciImage } from "../support/oci-image";
import { freePort, startRegistry, type RunningRegistry } from "../support/registry";
import { deleteTag, pull, push } from "../support/skopeo";
import { haveTools, requireTools } from "../support/tools";
import { waitFor } from "../support/wait";

const TOOLS = ["docker-registry", "skopeo", "htpasswd"];
const DELIVERY_MS = 20_000;

type RepoDoc = RepositoryDoc;

describe("a real registry notifying a real drec", () => {
  let db: Db;
  let client: MongoClient;
  let drec: DrecProcess;
  let registry: RunningRegistry;
  let layouts: string;
  let port: number;
  const env: Record<string, string> = {};

  before(async () => {
    if (!haveTools(TOOLS)) return;
    const database = uniqueDatabaseName("e2e");
    client = await MongoClient.connect(testDatabaseUri());
    db = client.db(database);
    layouts = await mkdtemp(join(tmpdir(), "drec-e2e-"));
    port = await freePort();
    Object.assign(env, {
      DREC_INGEST_TOKENS: TEST_INGEST_TOKEN,
      DREC_MONGODB_URI: testDatabaseUri(),
      DREC_MONGODB_DATABASE: database,
      DREC_TEST_CWD: layouts,
    });
    drec = await startDrecProcess(env, port);
    registry = await startRegistry({
      notifyUrl: `${drec.url}/events`,
      token: TEST_INGEST_TOKEN,
      caCertFile: drec.certFile,
    });
  });

  after(async () => {
    await registry?.stop();
    await drec?.stop();
    await client?.close();
    if (layouts) await rm(layouts, { recursive: true, force: true });
  });

  const repo = (name: string) => db.collection<RepoDoc>("registry-stats").findOne({ repositoryname: name });
  const describeState = () =>
    `drec output tail:\n${drec.output().slice(-2000)}\nregistry:\n${registry.logs().slice(-2000)}`;

  /** Waits until the repository document satisfies `done`, then checks it stays put (no late double counts). */
  async function settled(name: string, done: (doc: RepoDoc) => boolean): Promise<RepoDoc> {
    await waitFor(
      async () => {
        const doc = await repo(name);
        return doc !== null && done(doc);
      },
      DELIVERY_MS,
      { describe: describeState },
    );
    await sleep(1500);
    const doc = await repo(name);
    assert.ok(doc && done(doc), `${name} changed after settling: ${JSON.stringify(doc)}`);
    return doc;
  }

  test("when images are pushed, pulled (also multi-arch) and a tag deleted, then the stored statistics match", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    const { alice, bob } = registry.users;
    const single = await buildOciImage(join(layouts, "single"), { tag: "1.0" });
    const multi = await buildOciImage(join(layouts, "multi"), {
      tag: "2.0",
      platforms: [
        { os: "linux", architecture: "amd64" },
        { os: "linux", architecture: "arm64" },
      ],
    });
    const started = new Date();

    await push(single.dir, "1.0", registry.url, "team/app", alice);
    await (await pull(registry.url, "team/app", "1.0", bob)).remove();
    await push(multi.dir, "2.0", registry.url, "team/multi", alice, { all: true });
    await (await pull(registry.url, "team/multi", "2.0", bob, { overrideArch: "arm64" })).remove();
    await (await pull(registry.url, "team/multi", "2.0", bob, { all: true })).remove();
    // skopeo delete GETs the manifest by tag first (a counted pull by alice), then deletes digest and tag.
    await deleteTag(registry.url, "team/app", "1.0", alice);

    const app = await settled("team/app", (d) => d.numpushs === 1 && d.numpulls === 2);
    assert.deepEqual([...app.actors].sort(), ["alice", "bob"]);
    assert.equal(app.numstars, 0);
    assert.ok(app.firstpushed && app.lastpushed && app.firstpulled && app.lastpulled);
    assert.equal(app.firstpushed.getTime(), app.lastpushed.getTime());
    assert.ok(app.firstpushed >= new Date(started.getTime() - 1000) && app.firstpushed <= new Date());
    assert.ok(app.firstpushed <= app.firstpulled && app.firstpulled < app.lastpulled);

    // arm64 pull: the index GET is not counted, the arm64 manifest GET is; --all GETs both platforms.
    const multiDoc = await settled("team/multi", (d) => d.numpushs === 1 && d.numpulls === 3);
    assert.deepEqual([...multiDoc.actors].sort(), ["alice", "bob"]);

    const tags = db.collection("drec_tags");
    const deleted = await waitFor(
      () => tags.findOne({ repository: "team/app", tag: "1.0", deleted: true }),
      DELIVERY_MS,
      { describe: describeState },
    );
    assert.equal(deleted.digest, single.digest);
    const multiTag = await tags.findOne({ repository: "team/multi", tag: "2.0" });
    assert.equal(multiTag?.digest, multi.digest);
    assert.equal(multiTag?.deleted, false);

    const digests = await db.collection("drec_digests").find({ repository: "team/multi" }).toArray();
    assert.deepEqual(
      digests.map((d) => d.digest).sort(),
      [multi.digest, ...multi.images.map((i) => i.manifest.digest)].sort(),
    );
    const arm64 = multi.images.find((i) => i.platform.architecture === "arm64");
    assert.equal(digests.find((d) => d.digest === arm64?.manifest.digest)?.pullCount, 2);
    t.diagnostic(`team/app: ${JSON.stringify(app)}`);
    t.diagnostic(`team/multi: ${JSON.stringify(multiDoc)}`);

    // The same statistics through the GraphQL API of the running drec: the whole pipeline.
    const answer = await graphql(`
      {
        repository(name: "team/multi") {
          name
          pushCount
          pullCount
          actors
          lastPulledAt
          tags(first: 5) {
            nodes {
              name
              digest
              pushCount
              pullCount
            }
          }
        }
      }
    `);
    t.diagnostic(`GraphQL: ${JSON.stringify(answer)}`);
    assert.deepEqual(answer, {
      data: {
        repository: {
          name: "team/multi",
          pushCount: 1,
          pullCount: 3,
          actors: multiDoc.actors,
          lastPulledAt: multiDoc.lastpulled?.toISOString(),
          // Credited once per platform manifest fetched, like the repository: skopeo GETs the index by
          // tag, then each platform manifest by digest.
          tags: { nodes: [{ name: "2.0", digest: multi.digest, pushCount: 1, pullCount: 3 }] },
        },
      },
    });
  });

  test("when containerd HEADs a tag and GETs the index and a platform manifest by digest, then the tag is credited one pull", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    const { alice, bob } = registry.users;
    const multi = await buildOciImage(join(layouts, "ctr-multi"), {
      tag: "v1",
      platforms: [
        { os: "linux", architecture: "amd64" },
        { os: "linux", architecture: "arm64" },
      ],
    });
    const single = await buildOciImage(join(layouts, "ctr-single"), { tag: "s1" });
    await push(multi.dir, "v1", registry.url, "team/ctr", alice, { all: true });
    await push(multi.dir, "v1", registry.url, "team/ctr", alice, { all: true, destTag: "also-v1" });
    await push(single.dir, "s1", registry.url, "team/ctr", alice);

    const multiPull = await containerdPull(registry.url, "team/ctr", "v1", bob, "arm64");
    assert.equal(multiPull.resolved, multi.digest);
    const singlePull = await containerdPull(registry.url, "team/ctr", "s1", bob);
    assert.equal(singlePull.manifest, single.digest);

    await settled("team/ctr", (d) => d.numpushs === 3 && d.numpulls === 2);
    const query = `{
      repository(name: "team/ctr") {
        tags(first: 10) { nodes { name pullCount lastPulledAt } }
      }
    }`;
    type Tags = {
      data: {
        repository: { tags: { nodes: { name: string; pullCount: number; lastPulledAt: string | null }[] } };
      };
    };
    const nodes = ((await graphql(query)) as Tags).data.repository.tags.nodes;
    t.diagnostic(`GraphQL tags: ${JSON.stringify(nodes)}`);
    const byName = Object.fromEntries(nodes.map((n) => [n.name, n]));
    assert.deepEqual([byName.v1?.pullCount, byName["also-v1"]?.pullCount, byName.s1?.pullCount], [1, 0, 1]);
    const pulls = await db
      .collection("drec_digests")
      .find({ repository: "team/ctr", digest: { $in: [multiPull.manifest, single.digest] } })
      .toArray();
    const lastPulled = (digest: string) =>
      pulls.find((d) => d.digest === digest)?.lastPulledAt?.toISOString();
    assert.equal(byName.v1?.lastPulledAt, lastPulled(multiPull.manifest));
    assert.equal(byName.s1?.lastPulledAt, lastPulled(single.digest));
    assert.equal(byName["also-v1"]?.lastPulledAt, null);
  });

  async function graphql(query: string): Promise<unknown> {
    const res = await request(`${drec.url}/graphql`, {
      method: "POST",
      ca: drec.ca,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    assert.equal(res.status, 200, res.text);
    return res.json;
  }

  test("when drec is SIGKILLed mid-stream and restarted, then the registry's retries lose and double-count nothing", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    const { alice, bob } = registry.users;
    const image = await buildOciImage(join(layouts, "crash"), { tag: "c1" });

    await push(image.dir, "c1", registry.url, "team/crash", alice);
    await drec.kill(); // events of the push may be in flight; the registry retries them
    await push(image.dir, "c1", registry.url, "team/crash", alice, { destTag: "c2" });
    await (await pull(registry.url, "team/crash", "c1", bob)).remove();
    await push(image.dir, "c1", registry.url, "team/crash", alice, { destTag: "c3" });
    await sleep(1500); // let the registry hit the dead endpoint and back off
    drec = await startDrecProcess(env, port);

    await settled("team/crash", (d) => d.numpushs === 3 && d.numpulls === 1);
    // A batch cut off by the kill (some documents written, its ledger entries pending) is finished by the
    // restarted process's recovery once the dead process's claim lapses (10 s), under its markers: wait
    // for the whole ledger to be applied (bounded), then every document must count each event once.
    const ledgerStates = () =>
      db.collection("drec_events").distinct("state", { repository: "team/crash" }) as Promise<string[]>;
    await waitFor(async () => (await ledgerStates()).join() === "applied", 60_000, {
      describe: () => "the ledger still holds pending entries of team/crash",
    });
    const applied = await db
      .collection("drec_events")
      .countDocuments({ repository: "team/crash", state: "applied" });
    assert.equal(applied, 4, "three tagged pushes and one pull, each applied once");
    const doc = await repo("team/crash");
    assert.deepEqual([doc?.numpushs, doc?.numpulls], [3, 1]);
    assert.deepEqual([...(doc?.actors ?? [])].sort(), ["alice", "bob"]);
    const tagDocs = await db
      .collection("drec_tags")
      .find({ repository: "team/crash" })
      .sort({ tag: 1 })
      .toArray();
    assert.deepEqual(
      tagDocs.map((d) => [d.tag, d.pushCount]),
      [
        ["c1", 1],
        ["c2", 1],
        ["c3", 1],
      ],
    );
  });
});
