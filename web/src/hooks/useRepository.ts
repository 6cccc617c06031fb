// One repository's page data: loaded once per name and range, then kept current by the
// repositoryUpdated subscription; more tags on demand.
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, execute } from "../api/client";
import { subscribe } from "../api/live";
import {
  MORE_TAGS,
  REPOSITORY,
  REPOSITORY_UPDATED,
  type MoreTagsData,
  type RepositoryData,
  type RepositoryUpdatedData,
  type RepositoryVariables,
} from "../api/operations";
import type { RepositoryDetail, RepositorySummary, Tag } from "../api/types";

export const TAG_PAGE_SIZE = 25;

export interface RepositoryState {
  /** undefined while loading, null when drec does not know the repository. */
  repository: RepositoryDetail | null | undefined;
  error: ApiError | null;
  /** Bumped on every live update, so the page can highlight what changed. */
  revision: number;
  /** The registry's configured host[:port] for pull lines; null until loaded or when not set. */
  registryAddress: string | null;
  loadingTags: boolean;
  loadMoreTags(): void;
  retry(): void;
  patch(summary: RepositorySummary): void;
}

const toError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError(String(err), "UNKNOWN");

/** Live tags replace the first page; tags loaded beyond it stay, refreshed when they reappear. */
function mergeTags(live: Tag[], previous: Tag[]): Tag[] {
  const names = new Set(live.map((tag) => tag.name));
  return [...live, ...previous.slice(live.length).filter((tag) => !names.has(tag.name))];
}

export function useRepository(name: string, days: number, token: string | null): RepositoryState {
  const [repository, setRepository] = useState<RepositoryDetail | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [revision, setRevision] = useState(0);
  const [registryAddress, setRegistryAddress] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [loadingTags, setLoadingTags] = useState(false);

  useEffect(() => setRepository(undefined), [name]);

  useEffect(() => {
    const controller = new AbortController();
    const variables: RepositoryVariables = { name, days, tags: TAG_PAGE_SIZE };
    setError(null);
    execute<RepositoryData, RepositoryVariables>(REPOSITORY, variables, { token, signal: controller.signal })
      .then((data) => {
        if (controller.signal.aborted) return;
        setRepository(data.repository);
        setRegistryAddress(data.registry.address);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(toError(err));
      });
    const unsubscribe = subscribe<RepositoryUpdatedData, RepositoryVariables>(
      REPOSITORY_UPDATED,
      variables,
      token,
      ({ repositoryUpdated: live }) => {
        setRepository((previous) =>
          previous
            ? { ...live, tags: { ...live.tags, nodes: mergeTags(live.tags.nodes, previous.tags.nodes) } }
            : live,
        );
        setRevision((n) => n + 1);
      },
    );
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, [name, days, token, attempt]);

  const loadMoreTags = useCallback(() => {
    const after = repository?.tags.pageInfo.endCursor;
    if (!repository || !repository.tags.pageInfo.hasNextPage || loadingTags) return;
    setLoadingTags(true);
    execute<MoreTagsData, { name: string; first: number; after: string | null }>(
      MORE_TAGS,
      { name, first: TAG_PAGE_SIZE, after: after ?? null },
      { token },
    )
      .then((data) => {
        const page = data.repository?.tags;
        if (!page) return;
        setRepository((previous) =>
          previous
            ? {
                ...previous,
                tags: {
                  ...previous.tags,
                  pageInfo: page.pageInfo,
                  nodes: [...previous.tags.nodes, ...page.nodes],
                },
              }
            : previous,
        );
      })
      .catch((err: unknown) => setError(toError(err)))
      .finally(() => setLoadingTags(false));
  }, [repository, loadingTags, name, token]);

  const patch = useCallback((summary: RepositorySummary) => {
    setRepository((previous) => (previous ? { ...previous, ...summary } : previous));
  }, []);

  return {
    repository,
    error,
    revision,
    registryAddress,
    loadingTags,
    loadMoreTags,
    retry: () => setAttempt((n) => n + 1),
    patch,
  };
}
