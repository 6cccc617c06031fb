// The per-format fixtures under test/fixtures/<format>/ (see each folder's README for where every field
// comes from), and posting one as its registry would: its Content-Type, its headers, a source's token.
import fs from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../../src/paths";
import type { TestApp } from "./harness";
import type { TestResponse } from "./http";

/** One recorded request of a registry. */
export interface SourceFixture {
  contentType: string;
  /** Extra headers (CloudEvents binary mode carries its attributes here). */
  headers?: Record<string, string>;
  body: unknown;
}

/** The fixture `test/fixtures/<format>/<name>.json`. */
export function loadFixture(format: string, name: string): SourceFixture {
  const file = path.resolve(PACKAGE_ROOT, "test/fixtures", format, `${name}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as SourceFixture;
}

/** Every fixture of every source format, by "<format>/<name>". */
export function allSourceFixtures(): Map<string, SourceFixture> {
  const formats = ["harbor", "harbor-cloudevents", "cloudevents", "zot", "gitlab", "acr"];
  const all = new Map<string, SourceFixture>();
  for (const format of formats) {
    const dir = path.resolve(PACKAGE_ROOT, "test/fixtures", format);
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort())
      all.set(`${format}/${file.slice(0, -5)}`, loadFixture(format, file.slice(0, -5)));
  }
  return all;
}

/** How to authenticate: a Bearer token, or Basic credentials (zot). */
export type Credential = { bearer: string } | { basic: [string, string] };

/** Posts a fixture (its body replaced by `body` when given) with `credential`. */
export function postFixture(
  app: TestApp,
  fixture: SourceFixture,
  credential: Credential,
  body: unknown = fixture.body,
): Promise<TestResponse> {
  const authorization =
    "bearer" in credential
      ? `Bearer ${credential.bearer}`
      : `Basic ${Buffer.from(credential.basic.join(":")).toString("base64")}`;
  return app.request(app.config.server.route, {
    method: "POST",
    headers: { authorization, "content-type": fixture.contentType, ...fixture.headers },
    body: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
}
