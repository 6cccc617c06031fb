import fs from "node:fs/promises";

const GRAPHQL_META = /<meta name="drec:graphql-path" content="[^"]*"\s*\/?>/;
const EXPLORER_META = /<meta name="drec:explorer" content="[^"]*"\s*\/?>/;

const escapeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Reads the built index.html and writes the configured GraphQL path into it, so the dashboard finds
 * the API wherever graphql.path puts it, and whether the API explorer is there (the header links to
 * it only then). Undefined when the dashboard is not built.
 */
export async function readIndexPage(
  file: string,
  graphqlPath: string,
  explorer = true,
): Promise<string | undefined> {
  let html: string;
  try {
    html = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  return html
    .replace(GRAPHQL_META, `<meta name="drec:graphql-path" content="${escapeAttribute(graphqlPath)}" />`)
    .replace(EXPLORER_META, `<meta name="drec:explorer" content="${explorer ? "on" : "off"}" />`);
}
