import { useCallback, useEffect } from "preact/hooks";
import { useRegistrySummary } from "../hooks/useRegistrySummary";
import { useRepositories } from "../hooks/useRepositories";
import { filterOf, orderOf, readListParams, writeListParams, type ListParams } from "../lib/list-params";
import { navigate } from "../lib/router";
import { useSession } from "../lib/session";
import { ApiErrorMessage } from "./ApiErrorMessage";
import { ListControls } from "./ListControls";
import { Message } from "./Message";
import { RegistryActivity } from "./RegistryActivity";
import { RegistryTotals } from "./RegistryTotals";
import { RepositoryRow } from "./RepositoryRow";
import { SourceSwitcher } from "./SourceSwitcher";

interface Props {
  search: URLSearchParams;
}

/** The home page: registry totals, then every repository, searchable, sortable and paged. */
export function ListPage({ search }: Props) {
  const { token, viewer } = useSession();
  const params = readListParams(search);
  const source = params.source || null;
  const list = useRepositories(orderOf(params), filterOf(params, viewer !== null), token, source);
  const summary = useRegistrySummary(token, list.patch, source);
  const setParams = useCallback(
    (next: ListParams) => navigate(`/${writeListParams(next)}`, { replace: true }),
    [],
  );

  useEffect(() => {
    document.title = "Repositories · drec";
  }, []);

  const filtered = params.query.trim() !== "" || (params.starredOnly && viewer !== null);
  const showError = list.error && list.rows.length === 0;
  return (
    <>
      <h1 class="page-title">Repositories</h1>
      <SourceSwitcher
        sources={summary?.sources}
        value={params.source}
        onChange={(next) => setParams({ ...params, source: next })}
      />
      <RegistryTotals summary={summary} />
      <RegistryActivity token={token} />
      <ListControls params={params} signedIn={viewer !== null} onChange={setParams} />
      <p class="list-count" aria-live="polite">
        {list.loading && list.rows.length === 0
          ? "Loading repositories…"
          : list.error
            ? ""
            : `Showing ${list.rows.length} of ${list.totalCount} ${list.totalCount === 1 ? "repository" : "repositories"}`}
      </p>
      {showError && list.error ? (
        <ApiErrorMessage error={list.error} retry={list.retry} />
      ) : !list.loading && list.rows.length === 0 ? (
        filtered ? (
          <Message
            title="No repositories match"
            action={
              <button
                type="button"
                class="button"
                onClick={() => setParams({ ...params, query: "", starredOnly: false })}
              >
                Clear the search
              </button>
            }
          >
            <p>
              Nothing matches {params.query.trim() ? `“${params.query.trim()}”` : "your filter"}. Try a
              shorter name or another namespace.
            </p>
          </Message>
        ) : (
          <Message title="No repositories yet">
            <p>
              drec counts what your registry reports. Point the registry's <code>notifications</code> endpoint
              at drec's events route, then push or pull an image: it shows up here within a second.
            </p>
          </Message>
        )
      ) : (
        <ol class="repo-list" aria-busy={list.loading}>
          {list.rows.map((repository) => (
            <RepositoryRow key={repository.name} repository={repository} onChange={list.patch} />
          ))}
        </ol>
      )}
      {list.error && list.rows.length > 0 && <ApiErrorMessage error={list.error} retry={list.retry} />}
      {list.hasMore && !list.error && (
        <div class="load-more">
          <button type="button" class="button" disabled={list.loading} onClick={list.loadMore}>
            {list.loading ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </>
  );
}
