// The configuration examples of the documentation, run as written: every `DREC_…=value` they show must
// be a real key that the config loader and `drec --check-config` accept.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { parse } from "yaml";
import { loadConfig } from "../../src/config/config";
import { configSchema } from "../../src/config/config.schema";
import { envKeys } from "../../src/config/env-overrides";
import { registrySetupText } from "../../src/ingest/registry-setup";
import { PACKAGE_ROOT } from "../../src/paths";
import { tempDir } from "../support/harness";

const CLI = path.resolve(__dirname, "../../src/cli.js");
const DOCUMENTS = [
  "README.md",
  "config.yml",
  "src/graphql/README.md",
  "docs/architecture.md",
  "certs/README.md",
];

interface Example {
  file: string;
  variable: string;
  value: string;
}

/** Every `DREC_X=value` (or `MONGODB_URI=value`) of the documents, quotes removed. */
function envExamples(): Example[] {
  const pattern = /\b(DREC_[A-Z0-9_]+|MONGODB_URI)=('[^']*'|"[^"]*"|[^\s`)]+)/g;
  return DOCUMENTS.flatMap((file) =>
    [...fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8").matchAll(pattern)].map((match) => ({
      file,
      variable: match[1],
      // A sentence may end right after an example: "…=tok1,tok2." or "…:27017,".
      value: match[2].replace(/^(['"])(.*)\1$/, "$2").replace(/[.,;]$/, ""),
    })),
  );
}

/** The fenced blocks of a language in a Markdown file. */
function fencedBlocks(file: string, language: string): string[] {
  const text = fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8");
  return [...text.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);
}

describe("documented configuration examples", () => {
  const examples = envExamples();
  const known = new Set([...envKeys(configSchema).map((key) => key.variable), "MONGODB_URI"]);

  it("when the documents are scanned, then they show examples for the token lists and the URI", () => {
    const variables = new Set(examples.map((example) => example.variable));
    for (const variable of ["DREC_INGEST_TOKENS", "DREC_API_TOKENS", "DREC_MONGODB_URI"])
      assert.ok(variables.has(variable), `no ${variable}=… example found in ${DOCUMENTS.join(", ")}`);
  });

  it("when each DREC_ example is loaded as written, then it names a real key and the loader accepts it", () => {
    const defaults = JSON.stringify(loadConfig({ env: {} }));
    for (const { file, variable, value } of examples) {
      const where = `${file}: ${variable}=${value}`;
      assert.ok(known.has(variable), `${where}: no such variable`);
      const config = loadConfig({ env: { [variable]: value } });
      assert.notEqual(JSON.stringify(config), defaults, `${where}: changed nothing`);
    }
  });

  it("when the README's examples are given to drec --check-config together, then it accepts them", async () => {
    const env: Record<string, string> = {};
    for (const example of examples.filter((e) => e.file === "README.md"))
      env[example.variable] = example.value;
    assert.ok(Object.keys(env).length >= 3, JSON.stringify(Object.keys(env)));
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, "--check-config"], {
      cwd: tempDir(),
      env: { PATH: process.env.PATH, ...env },
    });
    assert.match(stdout, /: valid\n/);
    assert.match(stdout, /alice: "?<redacted>/, "the documented API users are loaded");
  });

  it("when the README's registry notifications example is compared with drec's printed block, then it has every setting", () => {
    const [example] = fencedBlocks("README.md", "yaml").filter((block) => block.startsWith("notifications:"));
    assert.ok(example, "README shows a notifications block");
    const printed = registrySetupText({
      url: "https://drec.example.com:5443/events",
      token: "<token>",
      tokenFile: "data/ingest-token",
      certFile: "certs/domain.crt",
    });
    const block = printed.slice(
      printed.indexOf("notifications:"),
      printed.indexOf("\n\n", printed.indexOf("notifications:")),
    );
    type Notifications = { notifications: { events: unknown; endpoints: Record<string, unknown>[] } };
    const documented = (parse(example) as Notifications).notifications;
    const shown = (parse(block) as Notifications).notifications;
    assert.deepEqual(documented.events, shown.events);
    for (const [key, value] of Object.entries(shown.endpoints[0]))
      assert.deepEqual(documented.endpoints[0][key], value, `README's endpoint ${key}`);
  });
});
