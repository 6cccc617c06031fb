// The container image as users run it: built from the Dockerfile unchanged (podman, chroot isolation),
// exported, and its entrypoint started with chroot as the image's user, pointed at the test database.
// Opt-in: `npm run test:image` (test/run.js leaves this folder out of `npm test`); .ci/run runs both.
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { buildEnvelope } from "../support/builders";
import { testDatabaseUri, uniqueDatabaseName } from "../support/harness";
import { request } from "../support/http";
import { freePort } from "../support/registry";
import { buildPull, EVENTS_V1 } from "../support/ingest-builders";
import { haveTools, describeMissing } from "../support/tools";
import { waitFor } from "../support/wait";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../../..");
const TAG = "localhost/drec:image-test";
const TOKEN = "image-test-ingest-token-0123456789";

interface ImageConfig {
  Entrypoint: string[];
  WorkingDir: string;
  User: string;
  Env: string[];
}

const podman = async (...args: string[]) =>
  (await run("podman", args, { maxBuffer: 64 * 1024 * 1024 })).stdout.trim();

// uid:gid of a user name (or number) in the image's own /etc/passwd.
function userSpec(rootfs: string, user: string): string {
  const name = user.split(":")[0];
  const line = fs
    .readFileSync(path.join(rootfs, "etc/passwd"), "utf8")
    .split("\n")
    .find((l) => l.split(":")[0] === name || l.split(":")[2] === name);
  assert.ok(line, `user ${name} is not in the image's /etc/passwd`);
  const [, , uid, gid] = line.split(":");
  return `${uid}:${gid}`;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

describe("container image", { timeout: 20 * 60_000 }, () => {
  // Not tempDir(): its exit hook removes the tree recursively even if /dev or /proc were still mounted.
  const rootfs = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "drec-image-")), "rootfs");
  const mounts: string[] = [];
  let config: ImageConfig;
  let drec: ChildProcess | undefined;
  let output = "";
  let url = "";
  let ca = "";
  // Dangling images (the build stage) that were there before: only the ones this build adds are removed.
  let danglingBefore = new Set<string>();
  const dangling = async () =>
    new Set(
      (await podman("images", "--quiet", "--no-trunc", "--filter", "dangling=true"))
        .split("\n")
        .filter(Boolean),
    );

  before(async () => {
    const missing = ["podman", "chroot", "mount"].filter((tool) => !haveTools([tool]));
    if (missing.length > 0) throw new Error(`the image test needs ${describeMissing(missing)}`);
    danglingBefore = await dangling();
    const started = Date.now();
    console.log(`# podman build --isolation chroot --pull=never -t ${TAG} . (a few minutes)`);
    try {
      await run("podman", ["build", "--isolation", "chroot", "--pull=never", "-t", TAG, ROOT], {
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (err) {
      const { stdout = "", stderr = "" } = err as { stdout?: string; stderr?: string };
      throw new Error(`podman build failed:\n${(stdout + stderr).slice(-4000)}`, { cause: err });
    }
    console.log(`# image built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    config = JSON.parse(await podman("image", "inspect", "--format", "{{json .Config}}", TAG)) as ImageConfig;
    const container = await podman("create", TAG);
    fs.mkdirSync(rootfs);
    await run("sh", ["-c", `podman export ${container} | tar -x -C ${quote(rootfs)}`]);
    await podman("rm", container);
  });

  after(async () => {
    if (drec && drec.exitCode === null && drec.signalCode === null) {
      const exited = new Promise((resolve) => drec?.once("exit", resolve));
      drec.kill("SIGKILL");
      await exited;
    }
    for (const mount of mounts.reverse()) await run("umount", [mount]);
    // Only once nothing of the host is mounted inside: removing the tree must never reach /dev or /proc.
    const mounted = fs.readFileSync("/proc/self/mounts", "utf8").includes(` ${rootfs}/`);
    assert.equal(mounted, false, `still mounted under ${rootfs}; left in place`);
    fs.rmSync(path.dirname(rootfs), { recursive: true, force: true });
    await podman("rmi", "-f", TAG).catch(() => undefined);
    const added = [...(await dangling())].filter((id) => !danglingBefore.has(id));
    if (added.length > 0) await podman("rmi", "-f", ...added).catch(() => undefined);
  });

  it("when the image is built, then its size is printed and it holds no dev dependencies, data, keys or caches", async () => {
    const size = Number(await podman("image", "inspect", "--format", "{{.Size}}", TAG));
    console.log(`# image size: ${(size / 1e6).toFixed(0)} MB (${size} bytes)`);
    assert.ok(size > 0);
    const app = path.join(rootfs, config.WorkingDir);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies))
      assert.ok(fs.existsSync(path.join(app, "node_modules", dep)), `runtime dependency ${dep} is missing`);
    // A dev dependency may also be a runtime one's dependency (type-graphql depends on @types/node).
    const runtimeTree = (
      await run("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      })
    ).stdout;
    const runtimePaths = new Set(runtimeTree.split("\n"));
    const inRuntimeTree = (dep: string) => runtimePaths.has(path.join(ROOT, "node_modules", dep));
    const devOnly = Object.keys(pkg.devDependencies).filter((d) => !inRuntimeTree(d));
    assert.ok(devOnly.length > 0);
    for (const dep of devOnly)
      assert.equal(
        fs.existsSync(path.join(app, "node_modules", dep)),
        false,
        `dev dependency ${dep} is in the image`,
      );
    for (const unwanted of ["data", ".cache", ".git", "test", "dist/test", "web/node_modules"])
      assert.equal(fs.existsSync(path.join(app, unwanted)), false, `${unwanted} is in the image`);
    const keys = fs.readdirSync(path.join(app, "certs")).filter((f) => /\.(key|pem)$/.test(f));
    assert.deepEqual(keys, [], "private keys are in the image");
    assert.ok(
      fs.existsSync(path.join(app, "web/dist/index.html")),
      "the dashboard is not built into the image",
    );
  });

  it("when the entrypoint starts as the image's user against a database, then /readyz answers and the user is not root", async () => {
    for (const dir of ["proc", "dev"]) {
      const target = path.join(rootfs, dir);
      await run("mount", ["--bind", `/${dir}`, target]);
      mounts.push(target);
    }
    const port = await freePort();
    const env: Record<string, string> = Object.fromEntries(
      config.Env.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
    );
    Object.assign(env, {
      HOME: "/tmp",
      DREC_MONGODB_URI: testDatabaseUri(),
      DREC_MONGODB_DATABASE: uniqueDatabaseName("image"),
      DREC_INGEST_TOKENS: TOKEN,
      DREC_SERVER_ADDRESS: "127.0.0.1",
      DREC_SERVER_PORT: String(port),
    });
    // chroot execs the shell, which execs the entrypoint: the child's pid is drec's.
    const command = `cd ${quote(config.WorkingDir)} && exec ${config.Entrypoint.map(quote).join(" ")}`;
    drec = spawn(
      "chroot",
      [`--userspec=${userSpec(rootfs, config.User)}`, rootfs, "/bin/sh", "-c", command],
      {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    drec.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    drec.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    url = `https://127.0.0.1:${port}`;
    const certFile = path.join(rootfs, config.WorkingDir, "certs/domain.crt");
    await waitFor(
      async () => {
        if (drec?.exitCode !== null) throw new Error(`drec exited with ${drec?.exitCode}:\n${output}`);
        if (!fs.existsSync(certFile)) return false;
        ca = fs.readFileSync(certFile, "utf8");
        return (await request(`${url}/readyz`, { ca }).catch(() => ({ status: 0 }))).status === 200;
      },
      60_000,
      { describe: () => output.slice(-3000) },
    );
    const status = fs.readFileSync(`/proc/${drec.pid}/status`, "utf8");
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    console.log(`# drec runs as uid ${uid} (image user ${config.User})`);
    assert.notEqual(uid, 0, "drec runs as root");
    assert.equal(uid, Number(userSpec(rootfs, config.User).split(":")[0]));
  });

  it("when a registry notification is posted, then it is counted and GraphQL and the dashboard answer", async () => {
    assert.ok(url, "drec did not start");
    const posted = await request(`${url}/events`, {
      method: "POST",
      ca,
      headers: { "Content-Type": EVENTS_V1, Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(buildEnvelope([buildPull("image/smoke")])),
    });
    assert.equal(posted.status, 200, posted.text);
    assert.equal((posted.json as { counted: number }).counted, 1);
    const query = async () => {
      const res = await request(`${url}/graphql`, {
        method: "POST",
        ca,
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query: '{ repository(name: "image/smoke") { pullCount } }' }),
      });
      return (res.json as { data?: { repository: { pullCount: number } | null } }).data?.repository;
    };
    const repository = await waitFor(
      async () => ((await query())?.pullCount === 1 ? query() : false),
      30_000,
    );
    assert.deepEqual(repository, { pullCount: 1 });
    const page = await request(`${url}/`, { ca, headers: { Accept: "text/html" } });
    assert.equal(page.status, 200);
    assert.match(page.text, /<script[^>]+src="\/assets\//);
  });
});
