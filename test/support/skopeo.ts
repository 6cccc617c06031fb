// Thin wrappers around the skopeo CLI, the registry client the end-to-end tests push and pull with.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** A registry user name and password. */
export interface Credentials {
  username: string;
  password: string;
}

/** Options for push. */
export interface PushOptions {
  /** Copy every image of an index (`--all`); without it skopeo copies only the current platform's image. */
  all?: boolean;
  /** Tag in the registry, when it differs from the tag in the layout. */
  destTag?: string;
}

/** Options for pull. */
export interface PullOptions {
  /** Copy every image of an index (`--all`). */
  all?: boolean;
  /** Choose this architecture's image from an index instead of the machine's. */
  overrideArch?: string;
  /** Choose this OS's image from an index (default linux). */
  overrideOs?: string;
}

/** Where a pull wrote the image, and how to remove it. */
export interface PullResult {
  dir: string;
  remove(): Promise<void>;
}

/** A failed skopeo run; the message carries skopeo's stderr. */
export class SkopeoError extends Error {
  /** Builds the error from skopeo's arguments, exit code and stderr. */
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | string | undefined,
    readonly stderr: string,
  ) {
    super(`skopeo ${args.join(" ")} failed (exit ${String(exitCode)}): ${stderr.trim()}`);
    this.name = "SkopeoError";
  }
}

const COMMAND_TIMEOUT_MS = 60_000;
let configDir: Promise<string> | undefined;

/**
 * A private registries.conf and registries.d, so that the machine's /etc/containers settings (search
 * registries, mirrors, signature lookaside servers) can neither reach the network nor change the results.
 */
function skopeoConfigDir(): Promise<string> {
  configDir ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "drec-skopeo-"));
    await writeFile(join(dir, "registries.conf"), "unqualified-search-registries = []\n");
    await mkdir(join(dir, "registries.d"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return configDir;
}

/** Runs skopeo with the isolating global options and returns its stdout; rejects with a SkopeoError. */
export async function runSkopeo(args: readonly string[]): Promise<string> {
  const dir = await skopeoConfigDir();
  const fullArgs = [
    // There is no image signing here, and a policy.json may not exist on the machine.
    "--insecure-policy",
    "--registries.d",
    join(dir, "registries.d"),
    "--command-timeout",
    `${COMMAND_TIMEOUT_MS / 1000}s`,
    ...args,
  ];
  try {
    const { stdout } = await execFileAsync("skopeo", fullArgs, {
      env: { ...process.env, CONTAINERS_REGISTRIES_CONF: join(dir, "registries.conf") },
      maxBuffer: 64 * 1024 * 1024,
      timeout: COMMAND_TIMEOUT_MS + 5_000,
    });
    return stdout;
  } catch (error) {
    const failure = error as { code?: number | string; stderr?: string; message?: string };
    throw new SkopeoError(fullArgs, failure.code, failure.stderr || failure.message || "");
  }
}

/** `docker://registry/repo:tag`, or `docker://registry/repo@digest` when ref is a digest. */
export function dockerRef(registry: string, repo: string, ref: string): string {
  return `docker://${registry}/${repo}${ref.includes(":") ? "@" : ":"}${ref}`;
}

function credsArgs(flag: string, creds: Credentials | undefined, anonymousFlag: string): string[] {
  return creds ? [flag, `${creds.username}:${creds.password}`] : [anonymousFlag];
}

/** Pushes `oci:<layoutDir>:<tag>` to `<registry>/<repo>:<tag>` over plain HTTP. */
export async function push(
  layoutDir: string,
  tag: string,
  registry: string,
  repo: string,
  creds: Credentials | undefined,
  options: PushOptions = {},
): Promise<void> {
  await runSkopeo([
    "copy",
    ...(options.all ? ["--all"] : []),
    "--dest-tls-verify=false",
    ...credsArgs("--dest-creds", creds, "--dest-no-creds"),
    `oci:${layoutDir}:${tag}`,
    dockerRef(registry, repo, options.destTag ?? tag),
  ]);
}

/** Pulls `<registry>/<repo>:<ref>` (a tag or a digest) into a new temporary OCI layout. */
export async function pull(
  registry: string,
  repo: string,
  ref: string,
  creds: Credentials | undefined,
  options: PullOptions = {},
): Promise<PullResult> {
  const dir = await mkdtemp(join(tmpdir(), "drec-pull-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const platformArgs = [
    ...(options.overrideArch ? ["--override-arch", options.overrideArch] : []),
    ...(options.overrideOs ? ["--override-os", options.overrideOs] : []),
  ];
  try {
    await runSkopeo([
      ...platformArgs,
      "copy",
      ...(options.all ? ["--all"] : []),
      "--src-tls-verify=false",
      ...credsArgs("--src-creds", creds, "--src-no-creds"),
      dockerRef(registry, repo, ref),
      ref.includes(":") ? `oci:${dir}` : `oci:${dir}:${ref}`,
    ]);
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove };
}

async function deleteRef(
  registry: string,
  repo: string,
  ref: string,
  creds: Credentials | undefined,
): Promise<void> {
  await runSkopeo([
    "delete",
    "--tls-verify=false",
    ...credsArgs("--creds", creds, "--no-creds"),
    dockerRef(registry, repo, ref),
  ]);
}

/**
 * Deletes by tag. The registry API deletes manifests, not tags: skopeo resolves the tag and deletes the manifest,
 * which removes every tag on it.
 */
export async function deleteTag(
  registry: string,
  repo: string,
  tag: string,
  creds: Credentials | undefined,
): Promise<void> {
  await deleteRef(registry, repo, tag, creds);
}

/** Deletes a manifest by digest, with every tag pointing at it. */
export async function deleteDigest(
  registry: string,
  repo: string,
  digest: string,
  creds: Credentials | undefined,
): Promise<void> {
  await deleteRef(registry, repo, digest, creds);
}

/** `skopeo inspect` (or `--raw`: the manifest exactly as stored) parsed as JSON. Note: this is a registry pull too. */
export async function inspect(
  registry: string,
  repo: string,
  ref: string,
  creds: Credentials | undefined,
  options: { raw?: boolean } = {},
): Promise<Record<string, unknown>> {
  const stdout = await runSkopeo([
    "inspect",
    ...(options.raw ? ["--raw"] : []),
    "--tls-verify=false",
    ...credsArgs("--creds", creds, "--no-creds"),
    dockerRef(registry, repo, ref),
  ]);
  return JSON.parse(stdout) as Record<string, unknown>;
}
