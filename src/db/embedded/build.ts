import { execFile, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PACKAGE_ROOT } from "../../paths";

/** Source folder of the Go wrapper that embeds FerretDB. */
export const SOURCE_DIR = path.join(PACKAGE_ROOT, "embedded-db");

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
  // Build to a private name and rename: concurrent builders (parallel test runs) never see half a file.
  const tmp = `${binary}.${process.pid}.tmp`;
  await run(go, ["build", "-trimpath", "-o", tmp, "."], progress);
  fs.renameSync(tmp, binary);
  progress(`embedded database built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${binary}`);
  return binary;
}

function sourceHash(): string {
  const hash = crypto.createHash("sha256");
  for (const file of ["main.go", "go.mod", "go.sum"])
    hash.update(fs.readFileSync(path.join(SOURCE_DIR, file)));
  return hash.digest("hex").slice(0, 16);
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

function run(cmd: string, args: string[], progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: SOURCE_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split("\n")) if (line.startsWith("go: downloading")) progress(line);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`go build of the embedded database failed:\n${output}`)),
    );
  });
}
