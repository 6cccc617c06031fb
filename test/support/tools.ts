// External programs the end-to-end tests drive, and what to do when one is missing.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { TestContext } from "node:test";

/** The Debian package that ships each external program the tests run. */
export const APT_PACKAGES: Readonly<Record<string, string>> = {
  "docker-registry": "docker-registry",
  skopeo: "skopeo",
  htpasswd: "apache2-utils",
  chromium: "chromium",
};

/** The absolute path of an executable found on PATH, or undefined. */
export function findTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; keep looking
    }
  }
  return undefined;
}

/** The names among `names` that are not executable on PATH. */
export function missingTools(names: readonly string[]): string[] {
  return names.filter((name) => findTool(name) === undefined);
}

/** True when every named program is on PATH. */
export function haveTools(names: readonly string[]): boolean {
  return missingTools(names).length === 0;
}

/** A sentence naming the missing programs and the apt packages that provide them. */
export function describeMissing(names: readonly string[]): string {
  const packages = [...new Set(names.map((name) => APT_PACKAGES[name] ?? name))];
  return `missing ${names.join(", ")}: install with apt-get install -y ${packages.join(" ")}`;
}

/**
 * Returns true when all the programs are present. Otherwise CI must not pass silently, so with CI=true it
 * throws (the test fails); elsewhere it skips the test and returns false so the caller can return.
 */
export function requireTools(t: TestContext, names: readonly string[]): boolean {
  const missing = missingTools(names);
  if (missing.length === 0) return true;
  const reason = describeMissing(missing);
  if (process.env.CI === "true") throw new Error(`CI is missing required tools: ${reason}`);
  t.skip(reason);
  return false;
}

/** requireTools for a single program. */
export function requireTool(t: TestContext, name: string): boolean {
  return requireTools(t, [name]);
}
