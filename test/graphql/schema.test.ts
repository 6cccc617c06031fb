import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, it } from "node:test";
import { printSchemaFile, SCHEMA_FILE, buildGraphQLSchema } from "../../src/graphql/schema";
import { createUpdates } from "../../src/stats/repository-updated-bus";

describe("schema/schema.graphql", () => {
  it("when the schema is built from the code, then it matches the committed SDL", async () => {
    const printed = `${printSchemaFile(await buildGraphQLSchema(createUpdates()))}\n`;
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
    assert.ok(
      printed === committed,
      "schema/schema.graphql differs from the schema the code builds: run `npm run build && npm run schema` " +
        "and commit the result",
    );
  });

  it("when the contract's fields are looked up, then they exist with exact count types", async () => {
    const schema = await buildGraphQLSchema(createUpdates());
    const repository = schema.getType("Repository");
    assert.ok(repository && "getFields" in repository);
    const fields = repository.getFields();
    for (const name of ["pushCount", "pullCount", "starCount"])
      assert.equal(String(fields[name].type), "SafeInt!");
    for (const name of ["firstPushedAt", "lastPushedAt", "firstPulledAt", "lastPulledAt"])
      assert.equal(String(fields[name].type), "DateTime");
    assert.equal(String(schema.getQueryType()?.getFields().repositories.type), "RepositoryConnection!");
    assert.equal(String(schema.getMutationType()?.getFields().starRepository.type), "Repository!");
    assert.equal(String(schema.getSubscriptionType()?.getFields().repositoryUpdated.type), "Repository!");
    assert.match(schema.getType("SafeInt")?.description ?? "", /2\^53/);
  });
});
