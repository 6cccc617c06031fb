import type { RegistrySummary } from "../api/types";
import { formatCount } from "../lib/format";

interface Props {
  summary: RegistrySummary | null | undefined;
}

/** Totals over every repository: repositories, pulls, pushes, stars. */
export function RegistryTotals({ summary }: Props) {
  const items: [string, number | undefined][] = [
    ["Repositories", summary?.repositoryCount],
    ["Pulls", summary?.pullCount],
    ["Pushes", summary?.pushCount],
    ["Stars", summary?.starCount],
  ];
  return (
    <dl class="totals" aria-label="Registry totals" aria-busy={summary === undefined}>
      {items.map(([label, value]) => (
        <div class="total" key={label}>
          <dt>{label}</dt>
          <dd data-total={label.toLowerCase()}>{value === undefined ? "–" : formatCount(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
