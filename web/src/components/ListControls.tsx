import { useEffect, useState } from "preact/hooks";
import type { OrderField } from "../api/types";
import { defaultDirection, SORT_FIELDS, type ListParams, type MatchMode } from "../lib/list-params";

interface Props {
  params: ListParams;
  signedIn: boolean;
  onChange(params: ListParams): void;
}

const SEARCH_DELAY_MS = 250;

/** Search (substring or namespace prefix), sort field and direction, and the starred-only filter. */
export function ListControls({ params, signedIn, onChange }: Props) {
  const [query, setQuery] = useState(params.query);

  // Typing waits for a pause before the list reloads; outside changes (back button) win.
  useEffect(() => setQuery(params.query), [params.query]);
  useEffect(() => {
    if (query === params.query) return;
    const timer = window.setTimeout(() => onChange({ ...params, query }), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query, params, onChange]);

  const ascending = params.direction === "ASC";
  return (
    <form
      class="controls"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ ...params, query });
      }}
    >
      <div class="control control-search">
        <label for="search">Search repositories</label>
        <div class="search-row">
          <select
            aria-label="Match"
            value={params.match}
            onChange={(event) => onChange({ ...params, match: event.currentTarget.value as MatchMode })}
          >
            <option value="contains">Name contains</option>
            <option value="prefix">Name starts with</option>
          </select>
          <input
            id="search"
            type="search"
            autoComplete="off"
            spellcheck={false}
            placeholder={params.match === "prefix" ? "namespace/, e.g. team/" : "e.g. nginx"}
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
        </div>
      </div>
      <div class="control control-sort">
        <label for="sort">Sort by</label>
        <div class="sort-row">
          <select
            id="sort"
            value={params.field}
            onChange={(event) => {
              const field = event.currentTarget.value as OrderField;
              onChange({ ...params, field, direction: defaultDirection(field) });
            }}
          >
            {SORT_FIELDS.map(({ field, label }) => (
              <option key={field} value={field}>
                {label}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="button button-quiet"
            aria-label={
              ascending ? "Ascending order; switch to descending" : "Descending order; switch to ascending"
            }
            onClick={() => onChange({ ...params, direction: ascending ? "DESC" : "ASC" })}
          >
            <span aria-hidden="true">{ascending ? "↑" : "↓"}</span> {ascending ? "Ascending" : "Descending"}
          </button>
        </div>
      </div>
      {signedIn && (
        <label class="control control-check">
          <input
            type="checkbox"
            checked={params.starredOnly}
            onChange={(event) => onChange({ ...params, starredOnly: event.currentTarget.checked })}
          />
          Starred by me
        </label>
      )}
    </form>
  );
}
