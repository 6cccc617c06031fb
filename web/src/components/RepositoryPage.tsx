import { useEffect } from "preact/hooks";
import { useRepository } from "../hooks/useRepository";
import { formatCount } from "../lib/format";
import { registryHost } from "../lib/registry-host";
import { navigate, repositoryPath } from "../lib/router";
import { useSession } from "../lib/session";
import { ActivityChart } from "./ActivityChart";
import { ActorsTable } from "./ActorsTable";
import { ImagesTable } from "./ImagesTable";
import { Link } from "./Link";
import { loadState } from "./LoadState";
import { Message } from "./Message";
import { PullCommand } from "./PullCommand";
import { RangeToggle } from "./RangeToggle";
import { RepositoryName } from "./RepositoryName";
import { StarButton } from "./StarButton";
import { Stat } from "./Stat";
import { TagsTable } from "./TagsTable";
import { TimeAgo } from "./TimeAgo";

interface Props {
  name: string;
  search: URLSearchParams;
}

const RANGES = [30, 90] as const;

/** One repository: counts and times, daily activity chart, tags, users and the pull command; live. */
export function RepositoryPage({ name, search }: Props) {
  const { token } = useSession();
  const days = search.get("days") === "90" ? 90 : 30;
  const state = useRepository(name, days, token);
  const { repository } = state;

  useEffect(() => {
    document.title = `${name} · drec`;
  }, [name]);

  const back = (
    <Link href="/" class="back">
      ← All repositories
    </Link>
  );
  const pending = loadState({
    back,
    error: state.error,
    retry: state.retry,
    value: repository,
    what: name,
    notFound: (
      <Message title="Repository not found" action={<Link href="/">See all repositories</Link>}>
        <p>
          drec has no statistics for <code>{name}</code>. It appears once the registry reports a push or pull,
          and disappears when the repository is deleted.
        </p>
      </Message>
    ),
  });
  if (pending || !repository) return pending;

  const setDays = (next: number) =>
    navigate(`${repositoryPath(name)}${next === 30 ? "" : `?days=${next}`}`, { replace: true });
  return (
    <article class="repository" data-revision={state.revision}>
      {back}
      <header class="repository-header">
        <h1 class="page-title" aria-label={repository.name}>
          <RepositoryName name={repository.name} />
        </h1>
        <StarButton repository={repository} onChange={state.patch} showHint />
      </header>
      <PullCommand
        host={registryHost(state.registryAddress)}
        repository={repository.name}
        tags={repository.tags.nodes.filter((tag) => tag.digest).map((tag) => tag.name)}
      />
      <dl class="stats">
        <Stat
          label="Pulls"
          name="pulls"
          count={repository.pullCount}
          first={repository.firstPulledAt}
          last={repository.lastPulledAt}
        >
          {/* Scanners and robots count as pulls but never make an image look used: shown apart. */}
          <span data-automated>{formatCount(repository.automatedPullCount)} automated</span>
        </Stat>
        <Stat
          label="Pushes"
          name="pushes"
          count={repository.pushCount}
          first={repository.firstPushedAt}
          last={repository.lastPushedAt}
        />
        <Stat label="Stars" name="stars" count={repository.starCount} />
        <Stat label="Checks" name="checks" count={repository.checkCount}>
          Last <TimeAgo value={repository.lastCheckedAt} />
        </Stat>
      </dl>
      <section class="panel" aria-labelledby="activity-title">
        <div class="panel-header">
          <h2 id="activity-title">Daily activity</h2>
          <RangeToggle days={days} options={RANGES} onChange={setDays} />
        </div>
        <ActivityChart activity={repository.activity} days={days} />
      </section>
      <div class="columns">
        <section class="panel" aria-labelledby="tags-title">
          <h2 id="tags-title">Tags</h2>
          <TagsTable
            tags={repository.tags.nodes}
            totalCount={repository.tags.totalCount}
            hasMore={repository.tags.pageInfo.hasNextPage}
            loading={state.loadingTags}
            onLoadMore={state.loadMoreTags}
          />
          {state.error && (
            <p class="form-error" role="alert">
              More tags could not be loaded: {state.error.message}
            </p>
          )}
        </section>
        <section class="panel" aria-labelledby="actors-title">
          <h2 id="actors-title">Users</h2>
          <ActorsTable actors={repository.actorStats} />
        </section>
      </div>
      <section class="panel" aria-labelledby="images-title">
        <h2 id="images-title">Images</h2>
        <ImagesTable images={repository.images.nodes} totalCount={repository.images.totalCount} />
      </section>
    </article>
  );
}
