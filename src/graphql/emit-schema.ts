import fs from "node:fs";
import path from "node:path";
import { createUpdates } from "../stats/repository-updated-bus";
import { buildGraphQLSchema, printSchemaFile, SCHEMA_FILE } from "./schema";

// `npm run schema`: writes the SDL that the schema drift test compares with the code.
async function main(): Promise<void> {
  const schema = await buildGraphQLSchema(createUpdates());
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, `${printSchemaFile(schema)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
