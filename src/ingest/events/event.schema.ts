// One event, validated on its own so a bad one becomes a dead letter instead of failing its envelope.
// Strict on the fields counting depends on; liberal with the rest: registries add fields, and a wrong
// value in a field drec never reads is dropped rather than rejected.
import { z } from "zod";
import { jsonTypeOf } from "./envelope.schema";
import type { RegistryEvent } from "./event.types";

/** The distribution reference grammar's limit on a repository name. */
export const MAX_REPOSITORY_LENGTH = 255;

/** Keeps ids, digests and actor names fit for unique index keys. */
export const MAX_KEY_LENGTH = 256;

// `-+` instead of the grammar's `[-]*`: the same language, without the nested quantifier that backtracks
// exponentially on a long name that fails to match.
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";

/** A repository name per the distribution reference grammar (length checked apart). */
export const REPOSITORY_PATTERN = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);

/** A tag per the distribution reference grammar. */
export const TAG_PATTERN = /^\w[\w.-]{0,127}$/;

/** A digest per the OCI grammar, `algorithm:encoded`; lengths are not tied to the algorithm because
 * old registries and the original collector's tests send short and tarsum digests. */
export const DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** The validated event, or why it cannot be interpreted. */
export type EventParseResult = { ok: true; event: RegistryEvent } | { ok: false; reason: string };

const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}"\\]/u;

function escapeChar(char: string): string {
  if (char === '"' || char === "\\") return `\\${char}`;
  const hex = (char.codePointAt(0) ?? 0).toString(16);
  return hex.length > 4 ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
}

/** A value for a reason message: quoted, control and bidi characters escaped so they cannot spoof
 * logs, and cut at 64 characters so a huge input cannot bloat them. */
export function quote(value: unknown): string {
  let shown = "";
  for (const char of String(value)) {
    const escaped = UNPRINTABLE.test(char) ? escapeChar(char) : char;
    if (shown.length + escaped.length > 64) return `"${shown}…"`;
    shown += escaped;
  }
  return `"${shown}"`;
}

// Go registries send "" for unset strings; other senders may send null.
const absentIfEmpty = (value: unknown) => (value === "" || value === null ? undefined : value);
const required = <T extends z.ZodType>(schema: T) => z.preprocess(absentIfEmpty, schema);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(absentIfEmpty, schema.optional());
const ignoredIfInvalid = <T extends z.ZodType>(schema: T) => optional(schema).catch(undefined);

// Messages below follow the field's path, which reasonOf puts in front.
const key = z.string().max(MAX_KEY_LENGTH, { error: `is longer than ${MAX_KEY_LENGTH} characters` });

const digest = key.regex(DIGEST_PATTERN, {
  error: (issue) => `${quote(issue.input)} is not a digest (algorithm:encoded, e.g. sha256:<hex>)`,
});

const rfc3339 = z.iso.datetime({ offset: true });
// Upper-cased before the check because RFC 3339 allows a lowercase "t" and "z".
const timestamp = z
  .string()
  .refine((value) => rfc3339.safeParse(value.toUpperCase()).success, {
    error: (issue) =>
      `${quote(issue.input)} is not an RFC 3339 date-time (e.g. 2026-11-27T01:37:44.967630623Z)`,
  })
  .transform((value) => new Date(value.toUpperCase()));

const repository = z
  .string()
  .refine((name) => name.length <= MAX_REPOSITORY_LENGTH && REPOSITORY_PATTERN.test(name), {
    error: (issue) =>
      `${quote(issue.input)} is not a valid repository name ` +
      `(lowercase components like "team/app", at most ${MAX_REPOSITORY_LENGTH} characters)`,
  });

const tag = z.string().regex(TAG_PATTERN, {
  error: (issue) => `${quote(issue.input)} is not a valid tag (at most 128 of [A-Za-z0-9_.-])`,
});

const size = z.number().int().nonnegative();

// Registries that send OCI descriptors (distribution 3) name each platform manifest's platform in an index's references.
const platform = z.object({
  os: required(z.string()),
  architecture: required(z.string()),
  variant: ignoredIfInvalid(z.string()),
});

const reference = z.object({
  mediaType: optional(z.string()),
  digest: required(digest),
  size: ignoredIfInvalid(size),
  platform: ignoredIfInvalid(platform),
});

const target = z.object({
  mediaType: optional(z.string()),
  digest: optional(digest),
  size: ignoredIfInvalid(size),
  length: ignoredIfInvalid(size),
  repository: required(repository),
  fromRepository: ignoredIfInvalid(z.string()),
  url: ignoredIfInvalid(z.string()),
  tag: optional(tag),
  references: optional(z.array(reference)),
  rename: optional(
    z.object({ type: ignoredIfInvalid(z.string()), from: required(repository), to: required(repository) }),
  ),
});

const request = z.object({
  id: ignoredIfInvalid(z.string()),
  addr: ignoredIfInvalid(z.string()),
  host: ignoredIfInvalid(z.string()),
  method: optional(z.string().transform((method) => method.toUpperCase())),
  useragent: ignoredIfInvalid(z.string()),
});

const source = z.object({ addr: ignoredIfInvalid(z.string()), instanceID: ignoredIfInvalid(z.string()) });

const eventSchema: z.ZodType<RegistryEvent> = z.object({
  id: required(key),
  timestamp: required(timestamp),
  action: required(z.string()),
  target: required(target),
  request: optional(request),
  actor: optional(z.object({ name: optional(key) })),
  source: ignoredIfInvalid(source),
});

/** "target.references[1].digest" for a zod issue path. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

/** One sentence naming the field: type errors are worded here, every other message in the schema. */
function reasonOf(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return "event is not a registry notification event";
  const path = formatPath(issue.path) || "event";
  if (issue.code !== "invalid_type") return `${path} ${issue.message}`;
  if (issue.input === undefined) return `missing ${path}`;
  const expected = article(issue.expected === "object" && path === "event" ? "JSON object" : issue.expected);
  return `${path} must be ${expected}, got ${jsonTypeOf(issue.input)}`;
}

/** Validates one event from an envelope; never throws. */
export function parseEvent(value: unknown): EventParseResult {
  const parsed = eventSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, reason: reasonOf(parsed.error.issues[0]) };
}
