import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import type { z } from "zod";
import { configSchema, type Config } from "./config.schema";
import { applyEnvOverrides, EnvValueError } from "./env-overrides";

export type { Config } from "./config.schema";

/** A configuration that cannot be used; the message names the key and the problem. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Where the configuration comes from. */
export interface LoadOptions {
  /** Path of the YAML file; a missing file is an error only when `required`. */
  file?: string;
  /** Whether the file must exist (true when the user named it). */
  required?: boolean;
  /** Environment to read DREC_ overrides from. */
  env?: NodeJS.ProcessEnv;
}

/** Reads the YAML file, applies DREC_ environment overrides and validates the result. */
export function loadConfig(options: LoadOptions = {}): Config {
  const raw = readYaml(options.file, options.required ?? false);
  let merged: { config: Record<string, unknown>; sources: Map<string, string> };
  try {
    merged = applyEnvOverrides(raw, configSchema, options.env ?? process.env);
  } catch (err) {
    if (err instanceof EnvValueError) throw new ConfigError(`invalid environment variable ${err.message}`);
    throw err;
  }
  return validate(merged.config, merged.sources, options.file);
}

/** Validates an already-merged object; used by loadConfig and by tests building configs in code. */
export function validate(raw: unknown, sources = new Map<string, string>(), file?: string): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, sources, file)).join("\n"));
}

function describeIssue(issue: z.core.$ZodIssue, sources: Map<string, string>, file?: string): string {
  const key = issue.path.map(String).join(".") || "(top level)";
  const parent = issue.path.slice(0, -1).map(String).join(".");
  const from = sources.get(key) ?? sources.get(parent);
  const where = from ? ` (from ${from})` : file ? ` (in ${file})` : "";
  if (issue.code === "unrecognized_keys") {
    return `${key}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}${where}`;
  }
  return `${key}: ${issue.message}${where}`;
}

function readYaml(file: string | undefined, required: boolean): Record<string, unknown> {
  if (!file) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError(`cannot read config file ${path.resolve(file)}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text) ?? {};
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new ConfigError(
      `config file ${file} must be a YAML mapping of sections (server, ingest, mongodb, …)`,
    );
  }
  return doc as Record<string, unknown>;
}
