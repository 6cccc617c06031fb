// What the Docker files give Docker, checked without a Docker engine (the development machines have
// none): the build context `COPY . .` sends, read with Docker's .dockerignore semantics, and the compose
// file's drec and registry settings, run through drec's config loader and Debian's docker-registry.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import dockerignore from "@balena/dockerignore";
import { parse } from "yaml";
import { loadConfig } from "../../src/config/config";
import { PACKAGE_ROOT } from "../../src/paths";
import { tempDir } from "../support/harness";
import { requireTools } from "../support/tools";
import { waitFor } from "../support/wait";

const read = (file: string) => fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8");

/** Files and directories of the build context that must never reach the image. */
const FORBIDDEN = [
  /^node_modules\//,
  /(^|\/)node_modules\//,
  /^data\//,
  /^\.cache\//,
  /^certs\/.*\.key$/,
  /^\.git\//,
];

/** Every file under the repository that Docker would send as the build context. */
function buildContext(): string[] {
  const text = read(".dockerignore");
  const ig = dockerignore().add(text);
  // A directory can be skipped whole only when no "!" pattern could bring back something inside it.
  const reincluded = text.split("\n").filter((line) => line.trim().startsWith("!"));
  const sent: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(PACKAGE_ROOT, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ig.ignores(rel) && !reincluded.some((line) => line.slice(1).trim().startsWith(`${rel}/`)))
          continue;
        walk(rel);
      } else if (!ig.ignores(rel)) sent.push(rel);
    }
  };
  walk("");
  return sent;
}

/** Compose's `${VAR}`, `${VAR:?message}` and `${VAR:-default}` interpolation. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::[?-]([^}]*))?\}/g, (_, name: string) => {
    assert.ok(name in env, `compose file needs ${name}`);
    return env[name];
  });
}

interface Compose {
  services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>;
}

describe("Docker build context", () => {
  const ig = dockerignore().add(read(".dockerignore"));

  it("when .dockerignore is applied, then local installs, builds, data, caches and keys are left out", () => {
    for (const file of [
      "node_modules/express/package.json",
      "web/node_modules/vite/package.json",
      "dist/src/cli.js",
      "web/dist/index.html",
      "data/ingest-token",
      ".cache/embedded-db/ferretdb",
      ".cache/node-24/bin/node",
      "certs/domain.key",
      "certs/domain.crt",
      ".git/HEAD",
      "test-results/screenshots/list.png",
    ])
      assert.ok(ig.ignores(file), `${file} would be sent to the Docker build`);
  });

  it("when .dockerignore is applied, then everything the Dockerfile copies and builds from is kept", () => {
    const copied = read("Dockerfile")
      .split("\n")
      .filter((line) => /^COPY (?!--from)/.test(line))
      .flatMap((line) => line.split(/\s+/).slice(1, -1))
      .filter((source) => source !== ".");
    assert.ok(copied.includes("package-lock.json"), copied.join(" "));
    for (const file of [
      ...copied,
      "tsconfig.json",
      "src/cli.ts",
      "web/index.html",
      "web/vite.config.ts",
      "certs/README.md",
    ])
      assert.equal(ig.ignores(file), false, `${file} is needed by the image build but ignored`);
  });

  it("when the build context of this checkout is listed, then COPY . . sends none of the forbidden paths", () => {
    const sent = buildContext();
    assert.ok(sent.includes("package.json") && sent.includes("src/cli.ts"), "the context has the sources");
    const leaked = sent.filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)));
    assert.deepEqual(leaked, []);
  });
});

describe("docker-compose.yml", () => {
  const token = "compose-ingest-token-0123456789";
  const compose = parse(interpolate(read("docker-compose.yml"), { INGEST_TOKEN: token })) as Compose;
  const registryEnv = compose.services.registry.environment ?? {};
  const drecEnv = compose.services.drec.environment ?? {};
  const endpoints = JSON.parse(registryEnv.REGISTRY_NOTIFICATIONS_ENDPOINTS) as {
    url: string;
    headers: Record<string, string[]>;
  }[];

  it("when drec's environment there is loaded, then the config loader accepts it and it names the host the registry dials", () => {
    const config = loadConfig({ env: drecEnv });
    assert.deepEqual(config.ingest.tokens, [token]);
    const url = new URL(endpoints[0].url);
    assert.equal(url.hostname, "drec");
    assert.ok(config.server.ssl.dev_cert_hosts.includes(url.hostname), "the certificate names the service");
    assert.equal(Number(url.port), config.server.port);
    assert.equal(url.pathname, config.server.route);
    assert.deepEqual(endpoints[0].headers.Authorization, [`Bearer ${token}`]);
  });

  it("when the registry's settings are read, then references are included and drec's certificate is trusted", () => {
    assert.equal(registryEnv.REGISTRY_NOTIFICATIONS_EVENTCONFIG_INCLUDEREFERENCES, "true");
    const [volume, mount] = (compose.services.registry.volumes ?? [])[0].split(":");
    assert.equal(registryEnv.SSL_CERT_FILE, `${mount}/domain.crt`);
    assert.ok(
      compose.services.drec.volumes?.includes(`${volume}:/app/certs`),
      "drec's certificate volume is shared",
    );
  });

  it("when a real distribution registry starts with that environment, then it configures the endpoint and ignores no variable", async (t) => {
    if (!requireTools(t, ["docker-registry"])) return;
    const dir = tempDir("drec-compose-");
    const config = path.join(dir, "config.yml");
    fs.writeFileSync(
      config,
      `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:0\n`,
    );
    const child = spawn("docker-registry", ["serve", config], {
      env: { PATH: process.env.PATH, ...registryEnv, SSL_CERT_FILE: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(() => output.includes("listening on") || child.exitCode !== null, 15_000, {
        describe: () => output,
      });
    } finally {
      child.kill("SIGKILL");
    }
    assert.match(output, /configuring endpoint drec \(https:\/\/drec:5443\/events\), timeout=2s/);
    assert.doesNotMatch(output, /Ignoring unrecognized environment variable/);
  });
});
