// The repository list: first page on every change of order or filter, more pages on demand, rows
// patched in place by live updates and star toggles.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, execute } from "../api/client";
import { REPOSITORIES, type RepositoriesData, type RepositoriesVariables } from "../api/operations";
import type { RepositoryFilter, RepositoryOrder, RepositorySummary } from "../api/types";

export const PAGE_SIZE = 20;

export interface RepositoryList {
  rows: RepositorySummary[];
  totalCount: number;
  hasMore: boolean;
  /** True while the first page or another page loads. */
  loading: boolean;
  error: ApiError | null;
  loadMore(): void;
  retry(): void;
  /** Replaces a row's fields when it is on the list (live updates, stars). */
  patch(row: RepositorySummary): void;
}

const toError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError(String(err), "UNKNOWN");

export function useRepositories(
  order: RepositoryOrder,
  filter: RepositoryFilter,
  token: string | null,
  source: string | null = null,
): RepositoryList {
  const [rows, setRows] = useState<RepositorySummary[]>([]);
  const [totalCount, setTotalCount] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [failedPage, setFailedPage] = useState<string | null | undefined>(undefined);
  const request = useRef<AbortController | null>(null);
  const key = JSON.stringify([order, filter, source]);

  const load = useCallback(
    (after: string | null) => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      setLoading(true);
      setError(null);
      const variables: RepositoriesVariables = { first: PAGE_SIZE, after, orderBy: order, filter, source };
      execute<RepositoriesData, RepositoriesVariables>(REPOSITORIES, variables, {
        token,
        signal: controller.signal,
      })
        .then(({ repositories }) => {
          if (controller.signal.aborted) return;
          setRows((previous) => (after ? [...previous, ...repositories.nodes] : repositories.nodes));
          setTotalCount(repositories.totalCount);
          setCursor(repositories.pageInfo.endCursor);
          setHasMore(repositories.pageInfo.hasNextPage);
          setLoading(false);
        })
        .catch((err: unknown) => {
          if (controller.signal.aborted) return;
          setError(toError(err));
          setFailedPage(after);
          setLoading(false);
        });
    },
    // key stands for order and filter, which are new objects on every render
    [key, token],
  );

  useEffect(() => {
    setRows([]);
    load(null);
    return () => request.current?.abort();
  }, [load]);

  const patch = useCallback((row: RepositorySummary) => {
    setRows((previous) => previous.map((r) => (r.name === row.name ? { ...r, ...row } : r)));
  }, []);

  return {
    rows,
    totalCount,
    hasMore,
    loading,
    error,
    loadMore: () => {
      if (!loading && hasMore) load(cursor);
    },
    retry: () => load(failedPage ?? null),
    patch,
  };
}
