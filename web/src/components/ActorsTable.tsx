import type { ActorStat } from "../api/types";
import { formatCount } from "../lib/format";
import { DataTable, type Column } from "./DataTable";
import { TimeAgo } from "./TimeAgo";

interface Props {
  actors: ActorStat[];
}

const COLUMNS: Column<ActorStat>[] = [
  { header: "User", cell: (actor) => actor.name },
  { header: "Pulls", numeric: true, cell: (actor) => formatCount(actor.pullCount) },
  { header: "Pushes", numeric: true, cell: (actor) => formatCount(actor.pushCount) },
  { header: "Last seen", cell: (actor) => <TimeAgo value={actor.lastSeenAt} /> },
];

/** Who pushed and pulled the repository, busiest first. */
export function ActorsTable({ actors }: Props) {
  if (actors.length === 0)
    return <p class="muted">No named users yet: anonymous pulls and pushes are counted but not named.</p>;
  const sorted = [...actors].sort(
    (a, b) => b.pullCount + b.pushCount - (a.pullCount + a.pushCount) || a.name.localeCompare(b.name),
  );
  return (
    <DataTable
      rows={sorted}
      columns={COLUMNS}
      caption="Users"
      kind="actors-table"
      rowKey={(actor) => actor.name}
      rowData={(actor) => ({ "data-actor": actor.name })}
    />
  );
}
