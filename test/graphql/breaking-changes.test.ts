// Breaking changes to the API need a declaration in CHANGELOG.md, and removals a deprecation first
// (test/support/breaking-changes.ts). Checked against the last release tag or the merge base with main.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { SCHEMA_FILE } from "../../src/graphql/schema";
import { PACKAGE_ROOT } from "../../src/paths";
import { declaredBreaking, schemaPolicyViolations } from "../support/breaking-changes";
import { findBaseline } from "../support/schema-baseline";

const committed = () => fs.readFileSync(SCHEMA_FILE, "utf8");

/** The committed schema with DailyActivity.pushCount deprecated, the state a release must ship first. */
function withDeprecatedPushCount(): string {
  const sdl = committed();
  const marked = sdl.replace(
    /(type DailyActivity \{[\s\S]*?pushCount: SafeInt!)/,
    '$1 @deprecated(reason: "use pushes")',
  );
  assert.notEqual(marked, sdl, "the test's edit applies to the committed schema");
  return marked;
}

/** `sdl` without DailyActivity.pushCount (and its description). */
function withoutPushCount(sdl: string): string {
  const removed = sdl.replace(
    /(type DailyActivity \{[\s\S]*?)\n {2}"""[^"]*"""\n {2}pushCount: SafeInt![^\n]*/,
    "$1",
  );
  assert.notEqual(removed, sdl, "the test's edit applies to the committed schema");
  return removed;
}

const changelog = (breaking: string) =>
  `# Changelog\n\n## [Unreleased]\n\n### Added\n\n- \`Other.field\`\n\n### Breaking\n\n${breaking}\n\n## [0.1.0] - 2026-01-01\n\n### Breaking\n\n- \`DailyActivity.pushCount\` long ago\n`;

describe("breaking schema changes", () => {
  it("when the working schema is compared with the last release (or main), then every breaking change is declared", async (t) => {
    const baseline = findBaseline();
    if (baseline.ref === null) {
      // CI clones main's full history, so a missing baseline there is a setup error, not a pass.
      if (process.env.CI === "true") assert.fail(`no baseline schema: ${baseline.reason}`);
      t.skip(`no baseline schema to compare with: ${baseline.reason}`);
      return;
    }
    t.diagnostic(`baseline: ${baseline.ref}`);
    const changes = fs.readFileSync(path.join(PACKAGE_ROOT, "CHANGELOG.md"), "utf8");
    assert.deepEqual(await schemaPolicyViolations(baseline.sdl, committed(), changes), []);
  });

  it("when a deprecated field is removed without a declaration, then the check reports it", async () => {
    const before = withDeprecatedPushCount();
    const violations = await schemaPolicyViolations(before, withoutPushCount(before), changelog("- nothing"));
    assert.equal(violations.length, 1, violations.join("\n"));
    assert.match(violations[0], /^DailyActivity\.pushCount: .*not declared/);
  });

  it("when a deprecated field's removal is declared under Breaking, then the check passes", async () => {
    const before = withDeprecatedPushCount();
    const declared = changelog("- `DailyActivity.pushCount` removed; use `pushes`.");
    assert.deepEqual(await schemaPolicyViolations(before, withoutPushCount(before), declared), []);
  });

  it("when a field is removed without having been deprecated, then the check refuses it even if declared", async () => {
    const declared = changelog("- `DailyActivity.pushCount` removed.");
    const violations = await schemaPolicyViolations(committed(), withoutPushCount(committed()), declared);
    assert.equal(violations.length, 1, violations.join("\n"));
    assert.match(violations[0], /@deprecated\(reason: …\) in a release first/);
  });

  it("when paths are named outside Unreleased's Breaking section, then they do not count as declared", () => {
    const declared = declaredBreaking(changelog("- `Repository.old` removed."));
    assert.deepEqual([...declared], ["Repository.old"]);
  });
});
