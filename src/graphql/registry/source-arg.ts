// The `source` argument of repositories and registry: one of the configured ingest sources.
import type { GraphQLContext } from "../context";
import { badUserInput } from "../errors";

/** Describes the argument the same way wherever it appears. */
export const SOURCE_ARG = {
  nullable: true,
  description:
    'Only this ingest source (a name from registry.sources, e.g. "default" or "harbor"); null: every source.',
} as const;

/** The source to filter by, or undefined for all; BAD_USER_INPUT naming the known ones otherwise. */
export function checkedSource(ctx: GraphQLContext, source: string | null | undefined): string | undefined {
  if (source == null) return undefined;
  const known = ctx.services.registry.sources();
  if (!known.includes(source))
    throw badUserInput(`unknown source ${JSON.stringify(source.slice(0, 64))}; known: ${known.join(", ")}`);
  return source;
}
