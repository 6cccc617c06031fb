interface Props {
  /** Every ingest source (registry) drec knows; nothing is shown unless there are several. */
  sources: string[] | undefined;
  /** The chosen source; "" for all. */
  value: string;
  onChange(source: string): void;
}

/** Picks one registry's repositories and totals, when drec collects from more than one. */
export function SourceSwitcher({ sources, value, onChange }: Props) {
  if (!sources || sources.length < 2) return null;
  return (
    <label class="source-switcher">
      <span>Registry</span>
      <select
        name="source"
        value={value}
        onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">All registries</option>
        {sources.map((source) => (
          <option key={source} value={source}>
            {source}
          </option>
        ))}
      </select>
    </label>
  );
}
