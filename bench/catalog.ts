// A deterministic synthetic registry: repository i (0 = most popular) always has the same name, tags,
// digests, layers and actors, so the seed and the event generators agree without sharing state.
import crypto from "node:crypto";
import { mulberry32 } from "../test/support/seeded-random";

const NAMESPACES = [
  "library",
  "platform",
  "data",
  "ml",
  "web",
  "infra",
  "payments",
  "search",
  "mobile",
  "ops",
];
const IMAGES = ["api", "worker", "frontend", "gateway", "scheduler", "indexer", "auth", "billing"];

/** Registry user names that push and pull. */
export const ACTORS = ["alice", "bob", "carol", "dave", "ci-bot", "deploy-bot"];

/** Terms for the filtered search query; each matches about 1/8 of the repositories. */
export const SEARCH_TERMS = ["gateway", "API", "Worker", "billing"];

/** A small fast PRNG (mulberry32) returning floats in [0, 1); the tests' seeded source too. */
export const rng = mulberry32;

/** A stable 32-bit hash of repository index and salt, for per-repository choices. */
function hash(i: number, salt: number): number {
  return Math.floor(rng(i * 7919 + salt * 104729)() * 4294967296);
}

/** The name of repository i, e.g. "ml/gateway-1234". */
export function repoName(i: number): string {
  return `${NAMESPACES[i % NAMESPACES.length]}/${IMAGES[Math.floor(i / NAMESPACES.length) % IMAGES.length]}-${i}`;
}

/**
 * Repositories with activity in the last 90 days: the busiest 20,000. The rest (at R = 100,000) were
 * last touched earlier and have only their registry-stats document, as after a migration from the
 * original collector; their drec_* records would long be pruned or never existed.
 */
export const ACTIVE_REPOSITORIES = 20_000;

/** Whether repository i is among the busiest (many tags, activity every day). */
export function isHot(i: number): boolean {
  return i < 100;
}

/** The tags repository i has: the hot ones several releases, the rest "latest" and sometimes one more. */
export function repoTags(i: number): string[] {
  const count = isHot(i) ? 2 + (i % 8) : 1 + (hash(i, 1) % 3 === 0 ? 1 : 0);
  return ["latest", ...Array.from({ length: count - 1 }, (_, k) => `1.${k}`)];
}

/** A sha256 digest string derived from text: "sha256:<64 hex>". */
export function digestOf(text: string): string {
  return `sha256:${crypto.createHash("sha256").update(text).digest("hex")}`;
}

/** The digest tag `tag` of repository i points at in the seed. */
export function tagDigest(i: number, tag: string): string {
  return digestOf(`${repoName(i)}:${tag}`);
}

/** Number of filesystem layers of repository i's images (1–3). */
export function repoLayers(i: number): number {
  return 1 + (hash(i, 2) % 3);
}

/** The actors who pushed or pulled repository i in the seed. */
export function repoActors(i: number): string[] {
  const count = isHot(i) ? 3 : 1 + (hash(i, 3) % 2);
  const first = hash(i, 4) % ACTORS.length;
  return Array.from({ length: count }, (_, k) => ACTORS[(first + k) % ACTORS.length]);
}

/** Seeded pull count of repository i: a long-tailed (Zipf-like) distribution over popularity rank. */
export function seededPulls(i: number): number {
  return Math.round(2_000_000 / Math.pow(i + 1, 0.9)) + (hash(i, 5) % 7);
}

/** Days of the last 90 with activity for repository i: every day for the busiest, ~1 for the tail. */
export function activeDays(i: number): number {
  return Math.min(90, Math.max(1, Math.round((90 * 50) / (i + 50))));
}

/** Picks repository indexes 0..n-1 with Zipf(s) probabilities: index 0 most often. */
export class ZipfPicker {
  private readonly cdf: Float64Array;

  constructor(n: number, s = 1) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      total += 1 / Math.pow(i + 1, s);
      this.cdf[i] = total;
    }
    for (let i = 0; i < n; i += 1) this.cdf[i] /= total;
  }

  /** An index for a uniform random number u in [0, 1). */
  pick(u: number): number {
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
