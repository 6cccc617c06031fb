// Proves the end-to-end harness: a real distribution 2.8.2 registry, driven by skopeo, notifies over HTTPS.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startHttpsReceiver, type HttpsReceiver, type RegistryEvent } from "../support/https-receiver";
import { buildOciImage, OCI_INDEX, OCI_MANIFEST, type BuiltOciImage } from "../support/oci-image";
import { startRegistry, type RunningRegistry } from "../support/registry";
import { deleteTag, inspect, pull, push, SkopeoError } from "../support/skopeo";
import { haveTools, requireTools } from "../support/tools";
import { waitFor } from "../support/wait";

const TOOLS = ["docker-registry", "skopeo", "htpasswd"];
const TOKEN = "harness-token";
const BLOB = "application/octet-stream";
const DELIVERY_TIMEOUT_MS = 10_000;

describe("registry harness: docker-registry and skopeo notifying an HTTPS endpoint", () => {
  let receiver: HttpsReceiver;
  let registry: RunningRegistry;
  let layouts: string;
  let single: BuiltOciImage;
  let multi: BuiltOciImage;

  before(async () => {
    // Without the tools each test skips (or fails in CI) through requireTools.
    if (!haveTools(TOOLS)) return;
    layouts = await mkdtemp(join(tmpdir(), "drec-harness-"));
    receiver = await startHttpsReceiver();
    registry = await startRegistry({ notifyUrl: receiver.url, token: TOKEN, caCertFile: receiver.certFile });
  });

  after(async () => {
    await registry?.stop();
    await receiver?.close();
    if (layouts) await rm(layouts, { recursive: true, force: true });
  });

  const summary = (events: RegistryEvent[]) =>
    events
      .map(
        (e) =>
          `${e.action} ${e.request?.method} ${e.target.repository} ${e.target.mediaType} ${e.target.tag}`,
      )
      .join("\n");

  /** Waits until the events received after `from` satisfy `done`, then returns them. */
  const eventsAfter = (from: number, done: (events: RegistryEvent[]) => boolean) =>
    waitFor(
      () => {
        const events = receiver.events().slice(from);
        return done(events) && events;
      },
      DELIVERY_TIMEOUT_MS,
      {
        describe: () =>
          `received:\n${summary(receiver.events().slice(from))}\nregistry log tail:\n${registry.logs().slice(-3000)}`,
      },
    );

  const has = (events: RegistryEvent[], match: (e: RegistryEvent) => boolean) => events.some(match);

  test("when a single-platform image is pushed by tag, then its blobs and a tagged OCI manifest push are notified", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    single = await buildOciImage(join(layouts, "single"), { tag: "1.0", files: { "hello.txt": "hello\n" } });
    const [image] = single.images;
    const from = receiver.events().length;

    await push(single.dir, "1.0", registry.url, "team/app", registry.users.alice);

    const events = await eventsAfter(from, (es) => has(es, (e) => e.target.mediaType === OCI_MANIFEST));
    const manifest = events.find((e) => e.target.mediaType === OCI_MANIFEST);
    assert.ok(manifest);
    assert.equal(manifest.action, "push");
    assert.equal(manifest.request?.method, "PUT");
    assert.equal(manifest.target.tag, "1.0");
    assert.equal(manifest.target.repository, "team/app");
    assert.equal(manifest.target.digest, single.digest);
    assert.equal(manifest.actor?.name, "alice");
    assert.deepEqual(
      manifest.target.references?.map((r) => r.digest),
      [image.config.digest, image.layer.digest],
      "includereferences lists the config and the layer",
    );
    const blobPushes = events.filter((e) => e.action === "push" && e.target.mediaType === BLOB);
    assert.deepEqual(
      blobPushes.map((e) => e.target.digest).sort(),
      [image.config.digest, image.layer.digest].sort(),
    );

    const request = receiver.requests.at(-1);
    assert.equal(request?.contentType, "application/vnd.docker.distribution.events.v1+json");
    assert.equal(request?.authorization, `Bearer ${TOKEN}`);
    assert.ok(
      receiver.requests.every((r) => r.events.length === 1),
      "distribution 2.8.2 posts one event per request",
    );
  });

  test("when that image is pulled, then one manifest GET by tag and its blob GETs by the puller are notified", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    const [image] = single.images;
    const from = receiver.events().length;

    const pulled = await pull(registry.url, "team/app", "1.0", registry.users.bob);
    try {
      assert.ok(existsSync(join(pulled.dir, "blobs", "sha256", image.layer.digest.slice("sha256:".length))));
    } finally {
      await pulled.remove();
    }

    const layerPulled = (e: RegistryEvent) => e.action === "pull" && e.target.digest === image.layer.digest;
    const configPulled = (e: RegistryEvent) => e.action === "pull" && e.target.digest === image.config.digest;
    const events = await eventsAfter(from, (es) => has(es, layerPulled) && has(es, configPulled));
    const manifestPulls = events.filter((e) => e.target.mediaType === OCI_MANIFEST);
    assert.equal(manifestPulls.length, 1, summary(events));
    assert.equal(manifestPulls[0].action, "pull");
    assert.equal(manifestPulls[0].request?.method, "GET");
    assert.equal(manifestPulls[0].target.tag, "1.0");
    assert.equal(manifestPulls[0].target.digest, single.digest);
    assert.ok(events.every((e) => e.actor?.name === "bob" && e.request?.method === "GET"));
  });

  test("when a multi-arch image is pushed with --all, then untagged platform manifests precede the tagged index", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    multi = await buildOciImage(join(layouts, "multi"), {
      tag: "2.0",
      platforms: [
        { os: "linux", architecture: "amd64" },
        { os: "linux", architecture: "arm64" },
      ],
    });
    const from = receiver.events().length;

    await push(multi.dir, "2.0", registry.url, "team/multi", registry.users.alice, { all: true });

    const events = await eventsAfter(from, (es) => has(es, (e) => e.target.mediaType === OCI_INDEX));
    const manifests = events.filter(
      (e) => e.target.mediaType === OCI_MANIFEST || e.target.mediaType === OCI_INDEX,
    );
    assert.deepEqual(
      manifests.map((e) => [e.action, e.request?.method, e.target.mediaType, e.target.digest, e.target.tag]),
      [
        ...multi.images.map((i) => ["push", "PUT", OCI_MANIFEST, i.manifest.digest, undefined]),
        ["push", "PUT", OCI_INDEX, multi.digest, "2.0"],
      ],
    );
    const index = manifests[manifests.length - 1];
    assert.deepEqual(
      index.target.references?.map((r) => r.digest),
      multi.images.map((i) => i.manifest.digest),
    );
    assert.ok(events.every((e) => e.actor?.name === "alice"));
  });

  test("when the multi-arch image is pulled for arm64, then the index by tag and the arm64 manifest by digest are GET", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    const [amd64, arm64] = multi.images;
    const from = receiver.events().length;

    const pulled = await pull(registry.url, "team/multi", "2.0", registry.users.bob, {
      overrideArch: "arm64",
    });
    await pulled.remove();

    const layerPulled = (e: RegistryEvent) => e.action === "pull" && e.target.digest === arm64.layer.digest;
    const events = await eventsAfter(from, (es) => has(es, layerPulled));
    const manifests = events.filter(
      (e) => e.target.mediaType === OCI_MANIFEST || e.target.mediaType === OCI_INDEX,
    );
    assert.deepEqual(
      manifests.map((e) => [e.action, e.request?.method, e.target.mediaType, e.target.digest, e.target.tag]),
      [
        ["pull", "GET", OCI_INDEX, multi.digest, "2.0"],
        ["pull", "GET", OCI_MANIFEST, arm64.manifest.digest, undefined],
      ],
    );
    assert.ok(!has(events, (e) => e.target.digest === amd64.layer.digest), "no amd64 blob is fetched");
    assert.ok(events.every((e) => e.actor?.name === "bob"));
  });

  test("when a tag is deleted with skopeo, then a manifest GET, a digest delete and a tag delete are notified", async (t) => {
    if (!requireTools(t, TOOLS)) return;
    const from = receiver.events().length;

    await deleteTag(registry.url, "team/app", "1.0", registry.users.alice);

    const tagDeleted = (e: RegistryEvent) => e.action === "delete" && e.target.tag === "1.0";
    const events = await eventsAfter(from, (es) => has(es, tagDeleted));
    assert.deepEqual(
      events.map((e) => [e.action, e.request?.method, e.target.mediaType, e.target.digest, e.target.tag]),
      [
        // skopeo resolves the tag first: this GET looks exactly like a pull by the deleting user.
        ["pull", "GET", OCI_MANIFEST, single.digest, "1.0"],
        ["delete", "DELETE", undefined, single.digest, undefined],
        ["delete", "DELETE", undefined, undefined, "1.0"],
      ],
    );
    assert.ok(events.every((e) => e.actor?.name === "alice" && e.target.repository === "team/app"));

    await assert.rejects(
      inspect(registry.url, "team/app", "1.0", registry.users.alice, { raw: true }),
      SkopeoError,
    );
  });
});
