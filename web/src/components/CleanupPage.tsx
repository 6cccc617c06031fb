// "Cleanup candidates": images not pulled, checked or pushed for N days, with a CSV download and copyable
// skopeo delete lines. A dry run: drec never deletes anything; the operator runs the lines, or not.
import { useEffect, useState } from "preact/hooks";
import {
  downloadCsv,
  exportUrl,
  fetchStaleImages,
  type CleanupFilters,
  type StaleImageRow,
} from "../api/cleanup";
import { ApiError } from "../api/client";
import { formatCount, shortDigest } from "../lib/format";
import { registryHost } from "../lib/registry-host";
import { useSession } from "../lib/session";
import { Message } from "./Message";
import { TimeAgo } from "./TimeAgo";

const REASONS: Record<StaleImageRow["reason"], string> = {
  NEVER_PULLED: "never pulled",
  ONLY_AUTOMATED_PULLS: "only automated pulls",
  NOT_PULLED_RECENTLY: "not pulled recently",
};

const megabytes = (size: number | null) => (size === null ? "–" : `${(size / 1_000_000).toFixed(1)} MB`);

/** The cleanup page; filters live in the URL (?days=&namespace=&automated=). */
export function CleanupPage({ search }: { search: URLSearchParams }) {
  const session = useSession();
  const [filters, setFilters] = useState<CleanupFilters>(() => ({
    days: Number(search.get("days")) || 90,
    namespace: search.get("namespace") ?? "",
    includeAutomated: search.get("automated") === "true",
  }));
  const [rows, setRows] = useState<StaleImageRow[] | undefined>(undefined);
  const [total, setTotal] = useState(0);
  const [address, setAddress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    setRows(undefined);
    setError(null);
    fetchStaleImages(filters, null, session.token)
      .then((data) => {
        if (!active) return;
        setRows(data.staleImages.nodes);
        setTotal(data.staleImages.totalCount);
        setAddress(data.registry.address);
      })
      .catch((err: unknown) => active && setError(err instanceof ApiError ? err.message : String(err)));
    return () => {
      active = false;
    };
  }, [filters, session.token]);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const days = Math.max(1, Math.min(36500, Math.trunc(Number(form.get("days")) || 90)));
    setFilters({
      days,
      namespace: String(form.get("namespace") ?? "").trim(),
      includeAutomated: form.get("automated") === "on",
    });
  };

  const host = registryHost(address);
  const commands = (rows ?? [])
    .map((r) => `skopeo delete docker://${host}/${r.repository}@${r.digest}`)
    .join("\n");

  return (
    <section class="cleanup-page">
      <h1>Cleanup candidates</h1>
      <p class="notice dry-run" role="note">
        Dry run: drec never deletes anything in the registry. Review the list, then run the lines yourself.
      </p>
      <form class="cleanup-filters" onSubmit={onSubmit}>
        <label>
          Unused for at least{" "}
          <input name="days" type="number" min={1} max={36500} defaultValue={String(filters.days)} /> days
        </label>
        <label>
          Namespace <input name="namespace" type="text" placeholder="all" defaultValue={filters.namespace} />
        </label>
        <label>
          <input name="automated" type="checkbox" defaultChecked={filters.includeAutomated} /> Automated pulls
          count as use
        </label>
        <button type="submit" class="button">
          Show
        </button>
        <a
          class="button button-quiet csv-download"
          href={exportUrl(filters, "csv")}
          onClick={(event) => {
            event.preventDefault();
            downloadCsv(filters, session.token).catch((err: unknown) => setError(String(err)));
          }}
        >
          Download CSV
        </a>
      </form>
      {error ? (
        <Message tone="error" title="The candidates could not be loaded">
          <p>{error}</p>
        </Message>
      ) : rows === undefined ? (
        <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <Message title="No cleanup candidates">
          <p>Every image was pulled, checked or pushed within {filters.days} days.</p>
        </Message>
      ) : (
        <>
          <p class="cleanup-count" data-total={total}>
            {formatCount(total)} images unused for {filters.days} days
            {rows.length < total ? ` (the ${rows.length} longest unused shown; the CSV has all)` : ""}
          </p>
          <table class="data-table cleanup-table">
            <thead>
              <tr>
                <th>Repository</th>
                <th>Tags</th>
                <th>Digest</th>
                <th>Reason</th>
                <th>Last used</th>
                <th>Pulls</th>
                <th>Size</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.repository}@${r.digest}`} data-digest={r.digest} data-reason={r.reason}>
                  <td data-label="Repository">{r.repository}</td>
                  <td data-label="Tags">{r.tags.length ? r.tags.join(", ") : "untagged"}</td>
                  <td data-label="Digest">
                    <code title={r.digest}>{shortDigest(r.digest)}</code>
                  </td>
                  <td data-label="Reason">{REASONS[r.reason]}</td>
                  <td data-label="Last used">
                    <TimeAgo value={r.lastUsedAt} />
                  </td>
                  <td data-label="Pulls">{formatCount(r.pullCount)}</td>
                  <td data-label="Size">{megabytes(r.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Delete commands (not run)</h2>
          <textarea
            class="skopeo-lines"
            readOnly
            rows={Math.min(12, rows.length + 1)}
            aria-label="skopeo delete commands"
          >
            {commands}
          </textarea>
          <button
            type="button"
            class="button button-quiet"
            onClick={() => void navigator.clipboard?.writeText(commands)}
          >
            Copy commands
          </button>
        </>
      )}
    </section>
  );
}
