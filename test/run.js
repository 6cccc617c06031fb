#!/usr/bin/env node
// Test entry point (`npm test`): starts ONE embedded database for the whole run, then runs every
// compiled test file with Node's built-in runner. Each test file takes its own database name.
// Usage: node test/run.js [dist/test/<folder-or-file> ...]
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const pino = require("pino");

const root = path.resolve(__dirname, "..");
const { ensureBinary } = require(path.join(root, "dist/src/store/embedded/build.js"));
const { launchEmbedded } = require(path.join(root, "dist/src/store/embedded/launcher.js"));

// Folders that run only when named: the container image test builds an image for minutes (npm run test:image).
const OPT_IN = new Set([path.join(root, "dist/test/image")]);

function testFiles(targets) {
  const found = [];
  const walk = (p, named) => {
    if (!named && OPT_IN.has(p)) return;
    if (fs.statSync(p).isDirectory())
      for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry), false);
    else if (p.endsWith(".test.js")) found.push(p);
  };
  for (const target of targets) walk(path.resolve(root, target), true);
  return found;
}

async function main() {
  const targets = process.argv.slice(2);
  const files = testFiles(targets.length ? targets : ["dist/test"]);
  if (files.length === 0)
    throw new Error(`no compiled tests under ${targets.join(" ") || "dist/test"}; run npm run build`);
  const binary = await ensureBinary((line) => console.log(`# ${line}`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drec-test-db-"));
  const db = await launchEmbedded({ binary, dir, port: 0, log: pino({ level: "warn" }) });
  console.log(`# embedded database for this run: ${db.uri} (${dir})`);
  const env = { ...process.env, DREC_TEST_MONGODB_URI: db.uri };
  const code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--test", "--test-reporter=spec", "--test-concurrency=2", ...files],
      { stdio: "inherit", env },
    );
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
