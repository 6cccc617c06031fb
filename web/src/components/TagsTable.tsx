import type { Tag } from "../api/types";
import { formatCount, shortDigest } from "../lib/format";
import { TimeAgo } from "./TimeAgo";

interface Props {
  tags: Tag[];
  totalCount: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore(): void;
}

/** The repository's tags: current digest, counts and last activity; more on demand. */
export function TagsTable({ tags, totalCount, hasMore, loading, onLoadMore }: Props) {
  if (tags.length === 0) return <p class="muted">No tags yet: tags appear when an image is pushed by tag.</p>;
  return (
    <>
      <table class="data-table tags-table">
        <caption class="visually-hidden">
          Tags, {tags.length} of {totalCount}
        </caption>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Digest</th>
            <th scope="col" class="num">
              Pulls
            </th>
            <th scope="col" class="num">
              Pushes
            </th>
            <th scope="col">Last pulled</th>
            <th scope="col">Last pushed</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((tag) => (
            <tr key={tag.name} data-tag={tag.name}>
              <th scope="row" data-label="Tag">
                <code>{tag.name}</code>
              </th>
              <td data-label="Digest">
                {tag.digest ? (
                  <code title={tag.digest} class="digest">
                    {shortDigest(tag.digest)}
                  </code>
                ) : (
                  <span class="muted">deleted</span>
                )}
              </td>
              <td data-label="Pulls" class="num" data-count="pulls">
                {formatCount(tag.pullCount)}
              </td>
              <td data-label="Pushes" class="num" data-count="pushes">
                {formatCount(tag.pushCount)}
              </td>
              <td data-label="Last pulled">
                <TimeAgo value={tag.lastPulledAt} />
              </td>
              <td data-label="Last pushed">
                <TimeAgo value={tag.lastPushedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasMore && (
        <div class="load-more">
          <button type="button" class="button" disabled={loading} onClick={onLoadMore}>
            {loading ? "Loading…" : `Load more tags (${tags.length} of ${totalCount})`}
          </button>
        </div>
      )}
    </>
  );
}
