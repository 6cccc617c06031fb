// Replays containerd's manifest requests with a plain HTTP client: what a Kubernetes node (or Docker with
// the containerd image store) sends to pull `repository:tag` for one platform.
import type { Credentials } from "./skopeo";

/** The Accept header containerd's resolver sends (remotes/docker/resolver.go): Docker and OCI types. */
export const CONTAINERD_ACCEPT = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
  "*/*",
].join(", ");

/** The user agent this replay sends. */
export const CONTAINERD_AGENT = "containerd/v1.7.24";

/** What the replay fetched. */
export interface ContainerdPull {
  /** The digest the HEAD resolved the tag to (an index for a multi-platform image). */
  resolved: string;
  /** The platform manifest fetched by digest. */
  manifest: string;
}

interface IndexManifest {
  manifests?: { digest: string; platform?: { os?: string; architecture?: string } }[];
}

/**
 * HEAD `/v2/<repo>/manifests/<tag>` (the resolve), GET the resolved digest, and for an index GET the
 * manifest of `architecture` by digest, as containerd does.
 */
export async function containerdPull(
  registry: string,
  repository: string,
  tag: string,
  user: Credentials,
  architecture = "amd64",
): Promise<ContainerdPull> {
  const base = `http://${registry}/v2/${repository}/manifests/`;
  const headers = {
    accept: CONTAINERD_ACCEPT,
    "user-agent": CONTAINERD_AGENT,
    authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`,
  };
  const head = await fetch(base + tag, { method: "HEAD", headers });
  const resolved = head.headers.get("docker-content-digest");
  if (head.status !== 200 || !resolved) throw new Error(`HEAD ${tag}: ${head.status}, digest ${resolved}`);
  const top = await fetch(base + resolved, { headers });
  if (top.status !== 200) throw new Error(`GET ${resolved}: ${top.status}`);
  const body = (await top.json()) as IndexManifest;
  if (!body.manifests) return { resolved, manifest: resolved };
  const entry = body.manifests.find((m) => m.platform?.architecture === architecture);
  if (!entry) throw new Error(`no ${architecture} manifest in ${resolved}`);
  const platform = await fetch(base + entry.digest, { headers });
  if (platform.status !== 200) throw new Error(`GET ${entry.digest}: ${platform.status}`);
  await platform.arrayBuffer();
  return { resolved, manifest: entry.digest };
}
