// ingest.automated: its globs from YAML and from DREC_ variables, what they match, and bad patterns.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../../src/config/config";
import { automatedRules, globToRegExp } from "../../src/ingest/events/automated-rule";
import { tempDir } from "../support/harness";

function writeYaml(text: string): string {
  const file = path.join(tempDir("drec-automated-config-"), "drec.yml");
  fs.writeFileSync(file, text);
  return file;
}

const YAML = `ingest:
  automated:
    actors: ["robot$*", "replicator"]
    user_agents: ["Trivy/*"]
    move_last_pulled: true
`;

describe("ingest.automated configuration", () => {
  it("when nothing is configured, then no client is automated and lastPulledAt is never moved by one", () => {
    assert.deepEqual(loadConfig({ env: {} }).ingest.automated, {
      actors: [],
      user_agents: [],
      move_last_pulled: false,
    });
  });

  it("when the YAML lists patterns, then they and move_last_pulled are read", () => {
    const config = loadConfig({ file: writeYaml(YAML), env: {} });
    assert.deepEqual(config.ingest.automated, {
      actors: ["robot$*", "replicator"],
      user_agents: ["Trivy/*"],
      move_last_pulled: true,
    });
  });

  it("when DREC_INGEST_AUTOMATED_* variables are set, then their comma-separated patterns win over the file", () => {
    const config = loadConfig({
      file: writeYaml(YAML),
      env: {
        DREC_INGEST_AUTOMATED_ACTORS: "robot$*, ci-bot",
        DREC_INGEST_AUTOMATED_USER_AGENTS: "Harbor-Jobservice*,Trivy*",
        DREC_INGEST_AUTOMATED_MOVE_LAST_PULLED: "false",
      },
    });
    assert.deepEqual(config.ingest.automated, {
      actors: ["robot$*", "ci-bot"],
      user_agents: ["Harbor-Jobservice*", "Trivy*"],
      move_last_pulled: false,
    });
  });

  it("when a pattern is only *, then the error names the key and says it would match every client", () => {
    assert.throws(
      () => loadConfig({ env: { DREC_INGEST_AUTOMATED_USER_AGENTS: "Trivy*,**" } }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /ingest\.automated\.user_agents\.1: a pattern of only \* would match every client/.test(err.message),
    );
  });

  it("when a YAML pattern is empty, then the error names the key", () => {
    assert.throws(
      () => loadConfig({ file: writeYaml('ingest:\n  automated:\n    actors: [""]\n'), env: {} }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /ingest\.automated\.actors\.0: a pattern must not be empty/.test(err.message),
    );
  });

  it("when a glob has regular-expression characters, then they match literally and * matches any run", () => {
    const robot = globToRegExp("robot$*", false);
    assert.deepEqual(
      ["robot$scanner", "robot$", "robotXscanner", "Robot$scanner", "my-robot$x"].map((s) => robot.test(s)),
      [true, true, false, false, false],
    );
    assert.equal(globToRegExp("a.b*", false).test("axb"), false);
  });

  it("when rules are compiled, then actors match case-sensitively and user agents case-insensitively", () => {
    const rules = automatedRules({ actors: ["Robot$*"], user_agents: ["Trivy/*"], move_last_pulled: false });
    assert.deepEqual(
      [rules.actors[0].test("robot$x"), rules.userAgents[0].test("TRIVY/0.58 (linux)")],
      [false, true],
    );
  });
});
