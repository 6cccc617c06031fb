// Builds small OCI image layouts on disk so the end-to-end tests push real images without a container engine.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { create as createTar } from "tar";

/** Media type of an OCI image manifest. */
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
/** Media type of an OCI image index (multi-platform). */
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
/** Media type of an OCI image config blob. */
export const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
/** Media type of a gzip-compressed OCI layer. */
export const OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

const REF_NAME = "org.opencontainers.image.ref.name";

/** A platform as written in an OCI index and image config. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** What to build. */
export interface OciImageOptions {
  /** The tag recorded as `org.opencontainers.image.ref.name` in the layout's index.json. */
  tag: string;
  /** One platform gives an image manifest; several give an image index. Default linux/amd64. */
  platforms?: Platform[];
  /** Extra files in the single layer, path (relative to /) to UTF-8 content. */
  files?: Record<string, string>;
  /** Add a random file so that every call yields new digests (default true); false makes builds reproducible. */
  unique?: boolean;
}

/** An OCI content descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

/** The manifest built for one platform, with the digests a registry will report for it. */
export interface BuiltPlatformImage {
  platform: Platform;
  manifest: Descriptor;
  config: Descriptor;
  layer: Descriptor;
}

/** The result of buildOciImage: the tagged top-level descriptor and every platform image beneath it. */
export interface BuiltOciImage {
  dir: string;
  tag: string;
  /** Digest of what the tag points to: the image manifest, or the index for several platforms. */
  digest: string;
  mediaType: string;
  size: number;
  images: BuiltPlatformImage[];
}

/** sha256 digest in the `sha256:<hex>` form registries use. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

/** Formats a platform as os/architecture[/variant]. */
export function platformName(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

async function writeBlob(dir: string, mediaType: string, data: Buffer): Promise<Descriptor> {
  const digest = sha256Digest(data);
  await writeFile(join(dir, "blobs", "sha256", digest.slice("sha256:".length)), data);
  return { mediaType, digest, size: data.length };
}

async function writeJsonBlob(dir: string, mediaType: string, value: unknown): Promise<Descriptor> {
  return writeBlob(dir, mediaType, Buffer.from(JSON.stringify(value)));
}

function safeRelative(path: string): string {
  const relative = normalize(path).replace(/^\/+/, "");
  if (relative === "" || relative === "." || relative.startsWith("..")) {
    throw new Error(`layer file path must stay inside the image: ${path}`);
  }
  return relative;
}

/** Returns the uncompressed tar of the given files; tar needs them on disk, so they are staged in a temp dir. */
async function tarFiles(files: Record<string, string>): Promise<Buffer> {
  const staging = await mkdtemp(join(tmpdir(), "drec-layer-"));
  try {
    for (const [path, content] of Object.entries(files)) {
      const target = join(staging, safeRelative(path));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    const entries = (await readdir(staging)).sort();
    // A fixed mtime and portable headers keep the digest a function of the content alone.
    const pack = createTar({ cwd: staging, portable: true, mtime: new Date(0) }, entries);
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function buildPlatformImage(
  dir: string,
  platform: Platform,
  files: Record<string, string>,
): Promise<BuiltPlatformImage> {
  const tar = await tarFiles({ ...files, "drec-test/platform": `${platformName(platform)}\n` });
  const layer = await writeBlob(dir, OCI_LAYER_GZIP, gzipSync(tar));
  const config = await writeJsonBlob(dir, OCI_CONFIG, {
    created: "1970-01-01T00:00:00Z",
    ...platform,
    config: { Cmd: ["/bin/true"] },
    rootfs: { type: "layers", diff_ids: [sha256Digest(tar)] },
    history: [{ created: "1970-01-01T00:00:00Z", created_by: "drec test support" }],
  });
  const manifest = await writeJsonBlob(dir, OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config,
    layers: [layer],
  });
  return { platform, manifest: { ...manifest, platform }, config, layer };
}

async function readIndexEntries(dir: string): Promise<Descriptor[]> {
  try {
    const index = JSON.parse(await readFile(join(dir, "index.json"), "utf8")) as { manifests?: Descriptor[] };
    return index.manifests ?? [];
  } catch {
    return [];
  }
}

/**
 * Writes (or adds to) an OCI image layout in `dir` and tags the result `options.tag`, replacing an earlier
 * image with the same tag; skopeo reads it as `oci:<dir>:<tag>`.
 */
export async function buildOciImage(dir: string, options: OciImageOptions): Promise<BuiltOciImage> {
  const platforms = options.platforms ?? [{ os: "linux", architecture: "amd64" }];
  if (platforms.length === 0) throw new Error("buildOciImage needs at least one platform");
  await mkdir(join(dir, "blobs", "sha256"), { recursive: true });
  await writeFile(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));

  const files = { ...options.files };
  if (options.unique ?? true) files["drec-test/unique"] = `${randomUUID()}\n`;
  const images: BuiltPlatformImage[] = [];
  for (const platform of platforms) images.push(await buildPlatformImage(dir, platform, files));

  let top: Descriptor;
  if (images.length === 1) {
    top = { ...images[0].manifest };
    delete top.platform;
  } else {
    top = await writeJsonBlob(dir, OCI_INDEX, {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: images.map((image) => image.manifest),
    });
  }

  const others = (await readIndexEntries(dir)).filter(
    (entry) => entry.annotations?.[REF_NAME] !== options.tag,
  );
  const tagged: Descriptor = { ...top, annotations: { [REF_NAME]: options.tag } };
  await writeFile(
    join(dir, "index.json"),
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...others, tagged] }),
  );
  return { dir, tag: options.tag, digest: top.digest, mediaType: top.mediaType, size: top.size, images };
}
