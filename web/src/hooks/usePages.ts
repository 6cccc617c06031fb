// A list read a page at a time: the first page whenever `key` changes, the next one on demand. Shared by
// the namespace table, a namespace's repositories and the activity feed.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import type { Page } from "../api/reports";

export interface Pages<T> {
  rows: T[];
  hasMore: boolean;
  /** True while a page loads. */
  loading: boolean;
  error: ApiError | null;
  loadMore(): void;
  retry(): void;
}

const toError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError(String(err), "UNKNOWN");

/** `fetchPage` reads the page after a cursor; `key` names what is listed (filters, token), so a new key restarts. */
export function usePages<T>(fetchPage: (after: string | null) => Promise<Page<T>>, key: string): Pages<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  // A generation per key: a page answering after the key changed is dropped, not appended.
  const generation = useRef(0);
  const latestFetch = useRef(fetchPage);
  latestFetch.current = fetchPage;

  const load = useCallback((after: string | null) => {
    const mine = generation.current;
    setLoading(true);
    setError(null);
    latestFetch
      .current(after)
      .then((page) => {
        if (mine !== generation.current) return;
        setRows((previous) => (after === null ? page.nodes : [...previous, ...page.nodes]));
        setCursor(page.pageInfo.endCursor);
        setHasMore(page.pageInfo.hasNextPage);
      })
      .catch((err: unknown) => mine === generation.current && setError(toError(err)))
      .finally(() => mine === generation.current && setLoading(false));
  }, []);

  useEffect(() => {
    generation.current += 1;
    setRows([]);
    setHasMore(false);
    load(null);
  }, [key, load]);

  return {
    rows,
    hasMore,
    loading,
    error,
    loadMore: () => load(cursor),
    retry: () => load(rows.length === 0 ? null : cursor),
  };
}
