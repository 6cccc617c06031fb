import { execFile, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PACKAGE_ROOT } from "../../paths";
import { applyPatch, FERRETDB_MODULE, FERRETDB_PATCHES, FERRETDB_VERSION } from "./ferretdb-patches";

/** Source folder of the Go wrapper that embeds FerretDB. */
export const SOURCE_DIR = path.join(PACKAGE_ROOT, "src", "store", "embedded", "wrapper");

/** Where built binaries are cached, keyed by a hash of the wrapper's sources. */
export const CACHE_DIR =
  process.env.DREC_EMBEDDED_DB_CACHE ?? path.join(PACKAGE_ROOT, ".cache", "embedded-db");

/** Writes one line of build progress; the CLI prints it, tests may silence it. */
export type Progress = (message: string) => void;

/** Returns the cached FerretDB wrapper binary, building it with `go build` on first use. */
export async function ensureBinary(progress: Progress = () => {}): Promise<string> {
  const binary = path.join(CACHE_DIR, `drec-ferretdb-${sourceHash()}`);
  if (fs.existsSync(binary)) return binary;
  const go = await findGo();
  progress(
    `building the embedded database (FerretDB 1.24 + SQLite) with ${go}; first start only, about 2 minutes`,
  );
  const started = Date.now();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // Build to private names and rename: concurrent builders (parallel test runs) never see half a file.
  const tmp = `${binary}.${process.pid}.tmp`;
  const patchDir = `${binary}.${process.pid}.patch`;
  try {
    const patchFlags = await prepareBuild(go, patchDir, progress);
    await run(go, ["build", "-trimpath", ...patchFlags, "-o", tmp, "."], progress, "go build");
  } finally {
    fs.rmSync(patchDir, { recursive: true, force: true });
  }
  fs.renameSync(tmp, binary);
  progress(`embedded database built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${binary}`);
  return binary;
}

/**
 * Covers everything the binary is built from: every Go file of the wrapper, go.mod, go.sum and the FerretDB
 * patch (its content, so the hash is the same whether it runs from src or dist).
 */
function sourceHash(): string {
  const hash = crypto.createHash("sha256");
  const files = fs
    .readdirSync(SOURCE_DIR)
    .filter((file) => file.endsWith(".go"))
    .sort()
    .concat(["go.mod", "go.sum"]);
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(SOURCE_DIR, file)));
  }
  hash.update(JSON.stringify({ module: FERRETDB_MODULE, version: FERRETDB_VERSION, FERRETDB_PATCHES }));
  return hash.digest("hex").slice(0, 16);
}

/**
 * Prepares the patched build in `dir` and returns the extra `go build` flags. `go build -overlay` substitutes
 * the patched files for the originals, but Go refuses to overlay files in the module cache, so FerretDB is
 * built from an unmodified copy of its module in the cache folder (made once per version), selected by a
 * `replace` in a generated go.mod (`-modfile`; src/store/embedded/wrapper/go.mod is not touched).
 */
async function prepareBuild(go: string, dir: string, progress: Progress): Promise<string[]> {
  // The version go.mod selects; downloads the module if it is not in the module cache yet.
  const {
    Version,
    Dir,
    Error: error,
  } = JSON.parse(
    await run(go, ["mod", "download", "-json", FERRETDB_MODULE], progress, "go mod download"),
  ) as { Version?: string; Dir?: string; Error?: string };
  if (error || !Dir) throw new Error(`cannot download ${FERRETDB_MODULE}: ${error ?? "no directory"}`);
  if (Version !== FERRETDB_VERSION)
    throw new Error(
      `src/store/embedded/wrapper/go.mod requires ${FERRETDB_MODULE} ${Version}, but src/store/embedded/ferretdb-patches.ts ` +
        `patches ${FERRETDB_VERSION}; update the patch with the version`,
    );
  const moduleCopy = copyModule(Dir, path.join(CACHE_DIR, `ferretdb-${FERRETDB_VERSION}`));

  fs.mkdirSync(dir, { recursive: true });
  const replace: Record<string, string> = {};
  for (const patch of FERRETDB_PATCHES) {
    const original = path.join(moduleCopy, ...patch.file.split("/"));
    const patched = path.join(dir, "patched", ...patch.file.split("/"));
    fs.mkdirSync(path.dirname(patched), { recursive: true });
    fs.writeFileSync(patched, applyPatch(patch, fs.readFileSync(original, "utf8")));
    replace[original] = patched;
  }
  const overlay = path.join(dir, "overlay.json");
  fs.writeFileSync(overlay, JSON.stringify({ Replace: replace }, null, 2));

  // -modfile reads go.sum from next to the go.mod it names.
  const modfile = path.join(dir, "go.mod");
  fs.writeFileSync(
    modfile,
    `${fs.readFileSync(path.join(SOURCE_DIR, "go.mod"), "utf8")}\n` +
      `replace ${FERRETDB_MODULE} ${FERRETDB_VERSION} => ${JSON.stringify(moduleCopy)}\n`,
  );
  fs.copyFileSync(path.join(SOURCE_DIR, "go.sum"), path.join(dir, "go.sum"));
  return ["-modfile", modfile, "-overlay", overlay];
}

/** Copies a module (read-only in the module cache) to `target` once; concurrent builders race safely. */
function copyModule(from: string, target: string): string {
  if (fs.existsSync(target)) return target;
  const tmp = `${target}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const copy = (src: string, dst: string) => {
    fs.mkdirSync(dst, { recursive: true });
    for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
      // written with default modes, so the cache folder can be deleted like any other
      if (entry.isDirectory()) copy(path.join(src, entry.name), path.join(dst, entry.name));
      else if (entry.isFile())
        fs.writeFileSync(path.join(dst, entry.name), fs.readFileSync(path.join(src, entry.name)));
    }
  };
  copy(from, tmp);
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw err; // else another builder made it first
  }
  return target;
}

async function findGo(): Promise<string> {
  for (const candidate of ["go", "/usr/local/go/bin/go", "/usr/lib/go/bin/go"]) {
    try {
      await promisify(execFile)(candidate, ["version"]);
      return candidate;
    } catch {
      // try the next location
    }
  }
  throw new Error(
    "the embedded database needs the Go toolchain to build FerretDB once; install Go " +
      "or set mongodb.uri (DREC_MONGODB_URI) to an existing MongoDB",
  );
}

/** Runs a go command in the wrapper's folder; resolves with its stdout. */
function run(cmd: string, args: string[], progress: Progress, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: SOURCE_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split("\n")) if (line.startsWith("go: downloading")) progress(line);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      collect(chunk);
    });
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${what} of the embedded database failed:\n${output}`)),
    );
  });
}
