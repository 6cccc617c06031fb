import type { RepositorySummary } from "../api/types";
import { formatCompact, formatCount } from "../lib/format";
import { repositoryPath } from "../lib/router";
import { Link } from "./Link";
import { RepositoryName } from "./RepositoryName";
import { StarButton } from "./StarButton";
import { TimeAgo } from "./TimeAgo";

interface Props {
  repository: RepositorySummary;
  onChange(updated: RepositorySummary): void;
}

/** One repository on the list: name, counts, last activity, star toggle. */
export function RepositoryRow({ repository, onChange }: Props) {
  const { name, pullCount, pushCount, lastPulledAt, lastPushedAt } = repository;
  return (
    <li class="repo-row" data-repository={name}>
      <Link href={repositoryPath(name)} class="repo-link" label={name}>
        <RepositoryName name={name} />
      </Link>
      <dl class="repo-counts">
        <div>
          <dt>Pulls</dt>
          <dd data-count="pulls" title={formatCount(pullCount)}>
            {formatCompact(pullCount)}
          </dd>
        </div>
        <div>
          <dt>Pushes</dt>
          <dd data-count="pushes" title={formatCount(pushCount)}>
            {formatCompact(pushCount)}
          </dd>
        </div>
      </dl>
      <dl class="repo-times">
        <div>
          <dt>Last pulled</dt>
          <dd>
            <TimeAgo value={lastPulledAt} />
          </dd>
        </div>
        <div>
          <dt>Last pushed</dt>
          <dd>
            <TimeAgo value={lastPushedAt} />
          </dd>
        </div>
      </dl>
      <div class="repo-star">
        <StarButton repository={repository} onChange={onChange} />
      </div>
    </li>
  );
}
