// The columns a namespace's totals share with a repository's: counts and last times. The namespace table
// and a namespace's repository table both use them.
import { formatCount } from "../lib/format";
import type { Column } from "./DataTable";
import { TimeAgo } from "./TimeAgo";

interface Totals {
  pullCount: number;
  pushCount: number;
  starCount: number;
  lastPulledAt: string | null;
  lastPushedAt: string | null;
}

/** Pulls, pushes, stars, last pull and last push. */
export function totalsColumns<T extends Totals>(): Column<T>[] {
  return [
    { header: "Pulls", numeric: true, count: "pulls", cell: (row) => formatCount(row.pullCount) },
    { header: "Pushes", numeric: true, count: "pushes", cell: (row) => formatCount(row.pushCount) },
    { header: "Stars", numeric: true, count: "stars", cell: (row) => formatCount(row.starCount) },
    { header: "Last pull", cell: (row) => <TimeAgo value={row.lastPulledAt} /> },
    { header: "Last push", cell: (row) => <TimeAgo value={row.lastPushedAt} /> },
  ];
}
