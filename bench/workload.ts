// Event generators: what a CNCF distribution 2.8 registry posts while clients push and pull images.
// One event per envelope, unique ids, nanosecond timestamps, blob events around every manifest event.
import crypto from "node:crypto";
import { ACTORS, digestOf, repoLayers, repoName, repoTags, rng, tagDigest, type ZipfPicker } from "./catalog";

/** What an event counts as in the benchmark's tallies. */
export type EventClass = "manifest-pull" | "manifest-push" | "blob";

/** One event ready to post: the JSON envelope and its class. */
export interface BenchEvent {
  body: string;
  kind: EventClass;
}

/** The media type distribution 2.x registries send notifications with. */
export const EVENTS_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
const DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
const DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
const BLOB = "application/octet-stream";

const HOST = "registry.example.com:5000";
const PULL_AGENTS = [
  "docker/24.0.7 go/go1.20.10 git-commit/311b9ff kernel/6.1.0-13-amd64 os/linux arch/amd64",
  "containerd/1.7.2",
  "skopeo/1.9.3",
];
const PUSH_AGENTS = ["docker/24.0.7 go/go1.20.10 os/linux arch/amd64", "buildkit/v0.12", "skopeo/1.9.3"];

interface Reference {
  mediaType: string;
  size: number;
  digest: string;
}

interface Target {
  mediaType: string;
  digest: string;
  size: number;
  repository: string;
  tag?: string;
  references?: Reference[];
}

/** Probability that a session is a tagged push; the rest are pulls (90 % of manifest events). */
export const PUSH_SHARE = 0.1;

/** Generates the event stream of one registry instance: sessions of blob and manifest events. */
export class SessionGenerator {
  private readonly queue: BenchEvent[] = [];
  private readonly random: () => number;
  private readonly instanceId = crypto.randomUUID();
  private pushes = 0;

  constructor(
    private readonly zipf: ZipfPicker,
    seed: number,
  ) {
    this.random = rng(seed);
  }

  /** The next event this registry instance sends. */
  next(): BenchEvent {
    if (this.queue.length === 0) this.queue.push(...this.session());
    return this.queue.shift() as BenchEvent;
  }

  private session(): BenchEvent[] {
    const repo = this.zipf.pick(this.random());
    return this.random() < PUSH_SHARE ? this.push(repo) : this.pull(repo);
  }

  // A pull: the manifest GET (by tag like skopeo/containerd, or by digest after docker's HEAD), then
  // the config and layer blob GETs.
  private pull(repo: number): BenchEvent[] {
    const name = repoName(repo);
    const tags = repoTags(repo);
    const tag = tags[Math.floor(this.random() * tags.length)];
    const manifest = this.image(repo, tagDigest(repo, tag));
    const actor = this.random() < 0.3 ? "" : this.pick(ACTORS);
    const agent = this.pick(PULL_AGENTS);
    const byTag = this.random() < 0.5;
    const events = [
      this.event("pull", "GET", agent, actor, {
        ...manifest.target,
        repository: name,
        ...(byTag ? { tag } : {}),
      }),
    ];
    for (const blob of manifest.blobs) events.push(this.blobEvent("pull", "GET", agent, actor, name, blob));
    return events;
  }

  // A tagged push: HEAD checks of blobs the registry may already have, PUTs of the new ones, then the
  // manifest PUT with its tag and references. Half the pushes re-tag an existing tag, half add a release.
  private push(repo: number): BenchEvent[] {
    const name = repoName(repo);
    this.pushes += 1;
    const tags = repoTags(repo);
    const tag = this.random() < 0.5 ? tags[0] : `2.${this.instanceId.slice(0, 4)}.${this.pushes}`;
    const manifest = this.image(repo, digestOf(`${name}:${tag}:${this.instanceId}:${this.pushes}`));
    const actor = this.pick(["ci-bot", "alice", "bob"]);
    const agent = this.pick(PUSH_AGENTS);
    const events: BenchEvent[] = [];
    const [config, base, ...layers] = manifest.blobs;
    events.push(this.blobEvent("pull", "HEAD", agent, actor, name, base));
    for (const blob of [...layers, config]) {
      events.push(this.blobEvent("pull", "HEAD", agent, actor, name, blob));
      events.push(this.blobEvent("push", "PUT", agent, actor, name, blob));
    }
    events.push(this.event("push", "PUT", agent, actor, { ...manifest.target, repository: name, tag }));
    return events;
  }

  // An image manifest of repository `repo` with digest `digest`: config plus 1–3 layers; the first layer
  // is a base layer shared by every image of the repository.
  private image(repo: number, digest: string): { target: Omit<Target, "repository">; blobs: Reference[] } {
    const oci = repo % 3 === 0;
    const config = {
      mediaType: oci ? OCI_CONFIG : DOCKER_CONFIG,
      size: 1400 + (repo % 900),
      digest: digestOf(`c${digest}`),
    };
    const layers = Array.from({ length: repoLayers(repo) }, (_, k) => ({
      mediaType: oci ? OCI_LAYER : DOCKER_LAYER,
      size: 2_000_000 + k * 31_337 + (repo % 1000),
      digest: k === 0 ? digestOf(`base${repoName(repo)}`) : digestOf(`l${k}${digest}`),
    }));
    const references = [config, ...layers];
    const target = {
      mediaType: oci ? OCI_MANIFEST : DOCKER_MANIFEST,
      digest,
      size: 400 + 120 * layers.length,
      references,
    };
    return { target, blobs: references };
  }

  private blobEvent(
    action: string,
    method: string,
    agent: string,
    actor: string,
    repository: string,
    blob: Reference,
  ) {
    const target: Target = { mediaType: BLOB, digest: blob.digest, size: blob.size, repository };
    return this.event(action, method, agent, actor, target);
  }

  private event(action: string, method: string, agent: string, actor: string, target: Target): BenchEvent {
    const kind: EventClass =
      target.mediaType === BLOB ? "blob" : action === "push" ? "manifest-push" : "manifest-pull";
    const kindPath = kind === "blob" ? "blobs" : "manifests";
    const event = {
      id: crypto.randomUUID(),
      timestamp: timestamp(this.random),
      action,
      target: {
        mediaType: target.mediaType,
        size: target.size,
        digest: target.digest,
        length: target.size,
        repository: target.repository,
        url: `https://${HOST}/v2/${target.repository}/${kindPath}/${target.digest}`,
        ...(target.tag === undefined ? {} : { tag: target.tag }),
        ...(target.references === undefined ? {} : { references: target.references }),
      },
      request: {
        id: crypto.randomUUID(),
        addr: `10.${Math.floor(this.random() * 256)}.${Math.floor(this.random() * 256)}.7:${40000 + Math.floor(this.random() * 20000)}`,
        host: HOST,
        method,
        useragent: agent,
      },
      actor: actor ? { name: actor } : {},
      source: { addr: "registry-0:5000", instanceID: this.instanceId },
    };
    return { body: JSON.stringify({ events: [event] }), kind };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
}

// RFC 3339 with nanoseconds, as Go's time.Time marshals: 2026-11-27T01:37:44.967630623Z.
function timestamp(random: () => number): string {
  const iso = new Date().toISOString();
  const nanos = String(Math.floor(random() * 1_000_000)).padStart(6, "0");
  return `${iso.slice(0, -1)}${nanos}Z`;
}
