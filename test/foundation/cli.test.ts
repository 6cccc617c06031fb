import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { tempDir } from "../support/harness";

const CLI = path.resolve(__dirname, "../../src/cli.js");

async function drec(args: string[], env: Record<string, string> = {}) {
  const cwd = tempDir();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, ...env },
    });
    return { code: 0, stdout, stderr, cwd };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, cwd };
  }
}

describe("command line", () => {
  it("when --version is given, then it prints the package version", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8"));
    const res = await drec(["--version"]);
    assert.equal(res.stdout.trim(), pkg.version);
  });

  it("when --help is given, then it documents the config argument and --check-config", async () => {
    const res = await drec(["--help"]);
    assert.equal(res.code, 0);
    assert.match(res.stdout, /Usage: drec \[options\] \[config\]/);
    assert.match(res.stdout, /--check-config/);
  });

  it("when --check-config runs on a valid config, then it prints the effective config with secrets redacted", async () => {
    const res = await drec(["--check-config"], {
      DREC_INGEST_TOKENS: "super-secret-token-123",
      DREC_SERVER_PORT: "7443",
    });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /port: 7443/);
    assert.match(res.stdout, /<redacted>/);
    assert.ok(!res.stdout.includes("super-secret-token-123"));
  });

  it("when --check-config runs with a broken value, then it exits 2 naming the key", async () => {
    const res = await drec(["--check-config"], { DREC_SERVER_PORT: "99999" });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /server\.port: .*\(from DREC_SERVER_PORT\)/);
  });

  it("when the config file given does not exist, then it exits 2 naming the file", async () => {
    const res = await drec(["/nonexistent/config.yml", "--check-config"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /cannot read config file \/nonexistent\/config\.yml/);
  });

  it("when a config file path is given, then that file is the one read", async () => {
    const dir = tempDir();
    fs.writeFileSync(`${dir}/custom.yml`, "server:\n  route: /notify\n");
    const res = await drec([`${dir}/custom.yml`, "--check-config"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /route: \/notify/);
  });
});
