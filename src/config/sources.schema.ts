// ingest.sources: several registries posting to one drec, each named by the token it sends.
import { z } from "zod";

/** Body formats a source may post; `auto` tells them apart per request (ingest/events/normalize.ts). */
export const SOURCE_FORMATS = ["distribution", "harbor", "cloudevents", "auto"] as const;

/** What one source posts. */
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/**
 * The source whose repositories keep bare names (`team/app`): today's single registry. Every other
 * source's repositories are stored as `<name>:team/app` (ingest/events/source-key.ts).
 */
export const DEFAULT_SOURCE = "default";

/** A source name: short, lowercase, no `:` (the separator of stored repository keys). */
export const SOURCE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** One registry posting events. */
const sourceSchema = z
  .object({
    /** Lowercase letters, digits and "-" (at most 32); "default" keeps bare repository names. */
    name: z.string().regex(SOURCE_NAME, 'must be lowercase letters, digits and "-", at most 32'),
    /** Bearer tokens this registry sends (Basic auth: the password); they name the source. */
    tokens: z.array(z.string().min(16, "tokens must be at least 16 characters")).min(1),
    /** distribution (incl. GitLab, ACR), harbor (default webhook JSON), cloudevents (Harbor, zot), auto. */
    format: z.enum(SOURCE_FORMATS).default("auto"),
  })
  .strict();

/** The list, with names and tokens unique across sources. */
export const sourcesSchema = z
  .array(sourceSchema)
  .default([])
  .superRefine((sources, ctx) => {
    const names = new Set<string>();
    const tokens = new Set<string>();
    sources.forEach((source, i) => {
      if (names.has(source.name))
        ctx.addIssue({
          code: "custom",
          path: [i, "name"],
          message: `source "${source.name}" is listed twice`,
        });
      names.add(source.name);
      for (const token of source.tokens) {
        // A token names exactly one source: a shared one would make the source ambiguous.
        if (tokens.has(token))
          ctx.addIssue({
            code: "custom",
            path: [i, "tokens"],
            message: "a token belongs to one source only",
          });
        tokens.add(token);
      }
    });
  });

/** A configured source. */
export type SourceConfig = z.infer<typeof sourceSchema>;
