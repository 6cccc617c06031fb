// "/namespaces/<name>": a namespace's totals, its daily activity chart and its repositories.
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { fetchNamespace, fetchNamespaceRepositories, type NamespaceSummary } from "../api/reports";
import type { DailyActivity, RepositorySummary } from "../api/types";
import { usePages } from "../hooks/usePages";
import { formatCount } from "../lib/format";
import { namespacePath, navigate, repositoryPath } from "../lib/router";
import { useSession } from "../lib/session";
import { ActivityChart } from "./ActivityChart";
import { DataTable, type Column } from "./DataTable";
import { Link } from "./Link";
import { loadState } from "./LoadState";
import { Message } from "./Message";
import { totalsColumns } from "./NamespaceColumns";
import { PagedFooter } from "./PagedFooter";
import { RangeToggle } from "./RangeToggle";

const RANGES = [30, 90] as const;

const REPOSITORY_COLUMNS: Column<RepositorySummary>[] = [
  {
    header: "Repository",
    cell: (row) => <Link href={repositoryPath(row.name)}>{row.name}</Link>,
  },
  ...totalsColumns<RepositorySummary>(),
];

type Detail = NamespaceSummary & { activity: DailyActivity[] };

/** One namespace; ?days=90 widens the chart. */
export function NamespacePage({ name, search }: { name: string; search: URLSearchParams }) {
  const { token } = useSession();
  const days = search.get("days") === "90" ? 90 : 30;
  // undefined while loading, null when the namespace holds no repository.
  const [namespace, setNamespace] = useState<Detail | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const repositories = usePages(
    (after) => fetchNamespaceRepositories(name, after, token),
    JSON.stringify([name, token]),
  );

  useEffect(() => {
    document.title = `${name} · namespaces · drec`;
    let active = true;
    setError(null);
    fetchNamespace(name, days, token)
      .then((data) => active && setNamespace(data))
      .catch(
        (err: unknown) =>
          active && setError(err instanceof ApiError ? err : new ApiError(String(err), "UNKNOWN")),
      );
    return () => {
      active = false;
    };
  }, [name, days, token, attempt]);

  const back = (
    <Link href="/namespaces" class="back">
      ← All namespaces
    </Link>
  );
  const pending = loadState({
    back,
    error,
    retry: () => setAttempt((n) => n + 1),
    value: namespace,
    what: name,
    notFound: (
      <Message title="Namespace not found" action={<Link href="/namespaces">See all namespaces</Link>}>
        <p>
          No repository of drec's is in <code>{name}</code>.
        </p>
      </Message>
    ),
  });
  if (pending || !namespace) return pending;

  const setDays = (next: number) =>
    navigate(`${namespacePath(name)}${next === 30 ? "" : `?days=${next}`}`, { replace: true });
  return (
    <article class="namespace" data-namespace={namespace.name}>
      {back}
      <h1 class="page-title">{namespace.name}</h1>
      <p class="namespace-totals" data-repositories={namespace.repositoryCount}>
        {formatCount(namespace.repositoryCount)} repositories · {formatCount(namespace.pullCount)} pulls ·{" "}
        {formatCount(namespace.pushCount)} pushes · {formatCount(namespace.starCount)} stars
      </p>
      <section class="panel" aria-labelledby="activity-title">
        <div class="panel-header">
          <h2 id="activity-title">Daily activity</h2>
          <RangeToggle days={days} options={RANGES} onChange={setDays} />
        </div>
        <ActivityChart activity={namespace.activity} days={days} />
      </section>
      <section class="panel" aria-labelledby="repositories-title">
        <h2 id="repositories-title">Repositories</h2>
        {repositories.rows.length > 0 && (
          <DataTable
            rows={repositories.rows}
            columns={REPOSITORY_COLUMNS}
            caption={`Repositories in ${namespace.name}`}
            kind="namespace-repositories"
            rowKey={(row) => row.name}
            rowData={(row) => ({ "data-repository": row.name })}
          />
        )}
        <PagedFooter pages={repositories} noun="repositories" />
      </section>
    </article>
  );
}
