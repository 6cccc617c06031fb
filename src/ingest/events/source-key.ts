// Repository identity includes the source: `team/app` of two registries never merges. The default
// source keeps bare names, so a single-registry drec (and the original collector's documents) are
// unchanged; every other source's repositories are stored as `<source>:team/app`. ":" never occurs in
// a repository name (the distribution grammar), so no name of one source can pose as another's.
import { DEFAULT_SOURCE } from "../../config/sources.schema";
import type { ClassifiedEvent } from "./event.types";

/** The stored repository key of `name` from `source`. */
export const repositoryKey = (source: string | undefined, name: string): string =>
  source === undefined || source === DEFAULT_SOURCE ? name : `${source}:${name}`;

/** The event with its id and repository names (and a rename's) turned into the source's keys. */
export function withSource(event: ClassifiedEvent, source: string | undefined): ClassifiedEvent {
  if (source === undefined || source === DEFAULT_SOURCE) return event;
  const rename = event.rename && {
    from: repositoryKey(source, event.rename.from),
    to: repositoryKey(source, event.rename.to),
  };
  return {
    ...event,
    source,
    // Ledger ids too: two registries may send the same id (Harbor's is derived from the payload, and
    // replicated registries send the same artifact's events); one must not hide the other's.
    id: repositoryKey(source, event.id),
    repository: repositoryKey(source, event.repository),
    ...(rename ? { rename } : {}),
  };
}
