import type { ActorStat } from "../api/types";
import { formatCount } from "../lib/format";
import { TimeAgo } from "./TimeAgo";

interface Props {
  actors: ActorStat[];
}

/** Who pushed and pulled the repository, busiest first. */
export function ActorsTable({ actors }: Props) {
  if (actors.length === 0)
    return <p class="muted">No named users yet: anonymous pulls and pushes are counted but not named.</p>;
  const sorted = [...actors].sort(
    (a, b) => b.pullCount + b.pushCount - (a.pullCount + a.pushCount) || a.name.localeCompare(b.name),
  );
  return (
    <table class="data-table actors-table">
      <caption class="visually-hidden">Users</caption>
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col" class="num">
            Pulls
          </th>
          <th scope="col" class="num">
            Pushes
          </th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((actor) => (
          <tr key={actor.name} data-actor={actor.name}>
            <th scope="row" data-label="User">
              {actor.name}
            </th>
            <td data-label="Pulls" class="num">
              {formatCount(actor.pullCount)}
            </td>
            <td data-label="Pushes" class="num">
              {formatCount(actor.pushCount)}
            </td>
            <td data-label="Last seen">
              <TimeAgo value={actor.lastSeenAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
