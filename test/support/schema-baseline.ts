// The schema a change is compared with: the last release tag (v*) before HEAD, or where there is none,
// the commit where this branch left main (HEAD itself on main, so only uncommitted changes count).
import { execFileSync } from "node:child_process";
import { PACKAGE_ROOT } from "../../src/paths";

export type Baseline = { ref: string; sdl: string } | { ref: null; reason: string };

function git(args: string[]): string | undefined {
  try {
    return execFileSync("git", args, {
      cwd: PACKAGE_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
}

/** Finds the baseline schema, or says why there is none (no git, shallow clone without main…). */
export function findBaseline(): Baseline {
  const tag = git(["describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD"])?.trim();
  const base =
    tag ||
    ["main", "origin/main"].map((ref) => git(["merge-base", "HEAD", ref])?.trim()).find((sha) => !!sha);
  if (!base) return { ref: null, reason: "no release tag (v*) and no main or origin/main to branch from" };
  const sdl = git(["show", `${base}:schema/schema.graphql`]);
  if (sdl === undefined) return { ref: null, reason: `${base} has no schema/schema.graphql` };
  return { ref: tag ? tag : `merge-base ${base.slice(0, 12)}`, sdl };
}
