// "/namespaces": every namespace (first path segment) with its totals, busiest first, each linking to
// its page.
import { useEffect } from "preact/hooks";
import { fetchNamespaces, type NamespaceSummary } from "../api/reports";
import { usePages } from "../hooks/usePages";
import { formatCount } from "../lib/format";
import { namespacePath } from "../lib/router";
import { useSession } from "../lib/session";
import { DataTable, type Column } from "./DataTable";
import { Link } from "./Link";
import { Message } from "./Message";
import { totalsColumns } from "./NamespaceColumns";
import { PagedFooter } from "./PagedFooter";

const COLUMNS: Column<NamespaceSummary>[] = [
  {
    header: "Namespace",
    cell: (row) => (
      <Link href={namespacePath(row.name)} label={`Namespace ${row.name}`}>
        {row.name}
      </Link>
    ),
  },
  {
    header: "Repositories",
    numeric: true,
    count: "repositories",
    cell: (row) => formatCount(row.repositoryCount),
  },
  ...totalsColumns<NamespaceSummary>(),
];

/** The namespace table. */
export function NamespacesPage() {
  const { token } = useSession();
  const pages = usePages((after) => fetchNamespaces(after, token), String(token));

  useEffect(() => {
    document.title = "Namespaces · drec";
  }, []);

  return (
    <section class="namespaces-page">
      <h1 class="page-title">Namespaces</h1>
      <p class="muted">Repositories grouped by the first segment of their names, busiest first.</p>
      {pages.rows.length > 0 && (
        <DataTable
          rows={pages.rows}
          columns={COLUMNS}
          caption="Namespaces with their totals"
          kind="namespaces-table"
          rowKey={(row) => row.name}
          rowData={(row) => ({ "data-namespace": row.name })}
        />
      )}
      <PagedFooter
        pages={pages}
        noun="namespaces"
        empty={
          <Message title="No namespaces yet">
            <p>Namespaces appear once the registry reports a push or pull.</p>
          </Message>
        }
      />
    </section>
  );
}
