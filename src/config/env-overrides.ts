import type { z } from "zod";

/** How an environment string is turned into a config value. */
type LeafKind = "string" | "number" | "boolean" | "list" | "map" | "json";

/** One overridable key: its path in the config and the variable that overrides it. */
export interface EnvKey {
  path: string[];
  variable: string;
  kind: LeafKind;
}

/** Aliases accepted besides the DREC_ names (the conventional MongoDB variable). */
const ALIASES: Record<string, string> = { MONGODB_URI: "DREC_MONGODB_URI" };

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Lists every leaf key of the schema with its DREC_ variable, e.g. server.port → DREC_SERVER_PORT. */
export function envKeys(schema: z.ZodType, path: string[] = []): EnvKey[] {
  const def = defOf(schema);
  if (def.innerType) return envKeys(def.innerType, path);
  if (def.type === "object" && def.shape) {
    return Object.entries(def.shape).flatMap(([key, child]) => envKeys(child, [...path, key]));
  }
  // A list of objects (ingest.sources) cannot be written as "a,b,c": it is read as JSON.
  if (def.type === "array" && def.element && defOf(def.element).type === "object")
    return [{ path, variable: `DREC_${path.join("_").toUpperCase()}`, kind: "json" }];
  const kinds: Record<string, LeafKind> = {
    number: "number",
    boolean: "boolean",
    array: "list",
    record: "map",
  };
  return [{ path, variable: `DREC_${path.join("_").toUpperCase()}`, kind: kinds[def.type] ?? "string" }];
}

/** Thrown when an environment variable cannot be read as its key's type. */
export class EnvValueError extends Error {}

function parseValue(key: EnvKey, raw: string): unknown {
  switch (key.kind) {
    case "number": {
      const n = raw.trim() === "" ? NaN : Number(raw);
      if (!Number.isFinite(n)) throw new EnvValueError(`${key.variable}: expected a number, got "${raw}"`);
      return n;
    }
    case "boolean": {
      const v = raw.trim().toLowerCase();
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off"].includes(v)) return false;
      throw new EnvValueError(`${key.variable}: expected true or false, got "${raw}"`);
    }
    case "list":
      return splitList(raw);
    case "json":
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        throw new EnvValueError(
          `${key.variable}: expected JSON (e.g. [{"name":…}]), got "${raw.slice(0, 80)}"`,
        );
      }
    case "map":
      return Object.fromEntries(splitList(raw).map((pair) => parsePair(key, pair)));
    default:
      return raw;
  }
}

const splitList = (raw: string): string[] =>
  raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function parsePair(key: EnvKey, pair: string): [string, string] {
  const at = pair.indexOf(":");
  if (at <= 0) throw new EnvValueError(`${key.variable}: expected "name:value" pairs, got "${pair}"`);
  return [pair.slice(0, at), pair.slice(at + 1)];
}

/** Returns a copy of `raw` with every DREC_ variable present in `env` written over its key. */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  schema: z.ZodType,
  env: NodeJS.ProcessEnv,
): { config: Record<string, unknown>; sources: Map<string, string> } {
  const config = structuredClone(raw);
  const sources = new Map<string, string>();
  const resolved = { ...env };
  for (const [alias, target] of Object.entries(ALIASES)) {
    if (resolved[target] === undefined && env[alias] !== undefined) resolved[target] = env[alias];
  }
  for (const key of envKeys(schema)) {
    const value = resolved[key.variable];
    if (value === undefined) continue;
    setPath(config, key.path, parseValue(key, value));
    sources.set(key.path.join("."), key.variable);
  }
  return { config, sources };
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
