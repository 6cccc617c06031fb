import type { Tag } from "../api/types";
import { formatCount, shortDigest } from "../lib/format";
import { DataTable, type Column } from "./DataTable";
import { LoadMore } from "./LoadMore";
import { TimeAgo } from "./TimeAgo";

interface Props {
  tags: Tag[];
  totalCount: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore(): void;
}

const COLUMNS: Column<Tag>[] = [
  { header: "Tag", cell: (tag) => <code>{tag.name}</code> },
  {
    header: "Digest",
    cell: (tag) =>
      tag.digest ? (
        <code title={tag.digest} class="digest">
          {shortDigest(tag.digest)}
        </code>
      ) : (
        <span class="muted">deleted</span>
      ),
  },
  { header: "Pulls", numeric: true, count: "pulls", cell: (tag) => formatCount(tag.pullCount) },
  {
    header: "Automated",
    numeric: true,
    count: "automated-pulls",
    cell: (tag) => formatCount(tag.automatedPullCount),
  },
  { header: "Pushes", numeric: true, count: "pushes", cell: (tag) => formatCount(tag.pushCount) },
  { header: "Checks", numeric: true, count: "checks", cell: (tag) => formatCount(tag.checkCount) },
  { header: "Last pulled", cell: (tag) => <TimeAgo value={tag.lastPulledAt} /> },
  { header: "Last pushed", cell: (tag) => <TimeAgo value={tag.lastPushedAt} /> },
  { header: "Last checked", cell: (tag) => <TimeAgo value={tag.lastCheckedAt} /> },
];

/** The repository's tags: current digest, counts and last activity; more on demand. */
export function TagsTable({ tags, totalCount, hasMore, loading, onLoadMore }: Props) {
  if (tags.length === 0) return <p class="muted">No tags yet: tags appear when an image is pushed by tag.</p>;
  return (
    <>
      <DataTable
        rows={tags}
        columns={COLUMNS}
        caption={`Tags, ${tags.length} of ${totalCount}`}
        kind="tags-table"
        rowKey={(tag) => tag.name}
        rowData={(tag) => ({ "data-tag": tag.name })}
      />
      {hasMore && (
        <LoadMore
          noun="tags"
          shown={tags.length}
          totalCount={totalCount}
          loading={loading}
          onLoadMore={onLoadMore}
        />
      )}
    </>
  );
}
