// The committed schema passes eslint.config.mjs's GraphQL rules (graphql-eslint's require-description:
// every type, field, argument and enum value described), so an undocumented field fails CI here as
// well as in `npm run lint`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ESLint } from "eslint";
import { PACKAGE_ROOT } from "../../src/paths";
import { SCHEMA_FILE } from "../../src/graphql/schema";

async function lint(text: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: PACKAGE_ROOT });
  const [result] = await eslint.lintText(text, { filePath: SCHEMA_FILE });
  return result.messages.map((m) => `${path.relative(PACKAGE_ROOT, SCHEMA_FILE)}:${m.line} ${m.message}`);
}

describe("schema lint", () => {
  it("when the committed schema is linted, then every type, field, argument and enum value is described", async () => {
    assert.deepEqual(await lint(fs.readFileSync(SCHEMA_FILE, "utf8")), []);
  });

  it("when a field loses its description, then the linter reports that field", async () => {
    const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
    const undocumented = committed.replace('  """The registry user name."""\n', "");
    assert.notEqual(undocumented, committed, "the test's edit applies to the committed schema");
    const messages = await lint(undocumented);
    assert.equal(messages.length, 1, messages.join("\n"));
    assert.match(messages[0], /Description is required for field "name" in type "ActorStats"/);
  });
});
