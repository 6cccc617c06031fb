// "/activity": the event feed, newest first, filtered by repository, namespace, actor and action (kept in
// the URL), 50 events at a time.
import { useEffect } from "preact/hooks";
import { fetchEvents, type EventAction, type FeedEvent, type FeedFilters } from "../api/reports";
import { usePages } from "../hooks/usePages";
import { formatDateTime, shortDigest } from "../lib/format";
import { navigate, repositoryPath } from "../lib/router";
import { useSession } from "../lib/session";
import { DataTable, type Column } from "./DataTable";
import { Link } from "./Link";
import { Message } from "./Message";
import { PagedFooter } from "./PagedFooter";

const ACTIONS: EventAction[] = ["PULL", "PUSH", "CHECK", "DELETE"];
const FIELDS = ["repository", "namespace", "actor"] as const;

const COLUMNS: Column<FeedEvent>[] = [
  {
    header: "Time",
    cell: (e) => <time dateTime={e.timestamp}>{formatDateTime(e.timestamp)}</time>,
  },
  { header: "Action", cell: (e) => (e.automated ? `${e.kind} (automated)` : e.kind) },
  { header: "Repository", cell: (e) => <Link href={repositoryPath(e.repository)}>{e.repository}</Link> },
  {
    header: "Reference",
    cell: (e) => e.tag ?? (e.digest ? <code title={e.digest}>{shortDigest(e.digest)}</code> : "–"),
  },
  { header: "User", cell: (e) => e.actor ?? <span class="muted">anonymous</span> },
];

/** The filters a URL asks for; an unknown action is no filter. */
function readFilters(search: URLSearchParams): FeedFilters {
  const action = (search.get("action") ?? "").toUpperCase();
  return {
    repository: search.get("repository")?.trim() ?? "",
    namespace: search.get("namespace")?.trim() ?? "",
    actor: search.get("actor")?.trim() ?? "",
    action: ACTIONS.includes(action as EventAction) ? (action as EventAction) : "",
  };
}

function writeFilters(filters: FeedFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `/activity?${query}` : "/activity";
}

/** The activity feed. */
export function ActivityPage({ search }: { search: URLSearchParams }) {
  const { token } = useSession();
  const filters = readFilters(search);
  const key = JSON.stringify([filters, token]);
  const pages = usePages((after) => fetchEvents(filters, after, token), key);

  useEffect(() => {
    document.title = "Activity · drec";
  }, []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    navigate(writeFilters(readFilters(new URLSearchParams([...FIELDS, "action"].map((f) => [f, text(f)])))), {
      replace: true,
    });
  };

  return (
    <section class="activity-page">
      <h1 class="page-title">Activity</h1>
      <p class="muted">Every stored registry event, newest first, within the retention window.</p>
      {/* key: a new URL (back/forward) resets the uncontrolled inputs to its filters. */}
      <form class="feed-filters" onSubmit={onSubmit} key={key}>
        {FIELDS.map((field) => (
          <label key={field}>
            {field[0].toUpperCase() + field.slice(1)}{" "}
            <input name={field} type="text" placeholder="any" defaultValue={filters[field]} />
          </label>
        ))}
        <label>
          Action{" "}
          <select name="action" defaultValue={filters.action}>
            <option value="">any</option>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button">
          Filter
        </button>
      </form>
      {pages.rows.length > 0 && (
        <DataTable
          rows={pages.rows}
          columns={COLUMNS}
          caption="Registry events, newest first"
          kind="feed-table"
          rowKey={(e) => e.id}
          rowData={(e) => ({ "data-event": e.id, "data-action": e.action })}
        />
      )}
      <PagedFooter
        pages={pages}
        noun="events"
        empty={
          <Message title="No events">
            <p>No stored event matches these filters.</p>
          </Message>
        }
      />
    </section>
  );
}
