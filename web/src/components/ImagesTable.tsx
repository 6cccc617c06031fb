import type { Image } from "../api/types";
import { formatCount, shortDigest } from "../lib/format";
import { DataTable, type Column } from "./DataTable";
import { TimeAgo } from "./TimeAgo";

interface Props {
  images: Image[];
  totalCount: number;
}

const COLUMNS: Column<Image>[] = [
  {
    header: "Digest",
    cell: (image) => (
      <>
        <code title={image.digest} class="digest">
          {shortDigest(image.digest)}
        </code>
        {image.deleted && <span class="muted"> deleted</span>}
      </>
    ),
  },
  { header: "Platform", cell: (image) => image.platform ?? <span class="muted">–</span> },
  {
    header: "Tags",
    cell: (image) =>
      image.tags.length > 0 ? <code>{image.tags.join(", ")}</code> : <span class="muted">untagged</span>,
  },
  { header: "Pulls", numeric: true, count: "pulls", cell: (image) => formatCount(image.pullCount) },
  {
    header: "Automated",
    numeric: true,
    count: "automated-pulls",
    cell: (image) => formatCount(image.automatedPullCount),
  },
  { header: "Checks", numeric: true, count: "checks", cell: (image) => formatCount(image.checkCount) },
  {
    header: "Pushed",
    cell: (image) => (
      <>
        <TimeAgo value={image.pushedAt} />
        {image.pushedBy && <span class="muted"> by {image.pushedBy}</span>}
      </>
    ),
  },
  { header: "Last pulled", cell: (image) => <TimeAgo value={image.lastPulledAt} /> },
  { header: "Last checked", cell: (image) => <TimeAgo value={image.lastCheckedAt} /> },
];

/** The repository's images by digest, newest push first: platform, tags pointing at them, usage. */
export function ImagesTable({ images, totalCount }: Props) {
  if (images.length === 0)
    return <p class="muted">No images yet: they appear when a manifest is pushed or pulled.</p>;
  return (
    <>
      <DataTable
        rows={images}
        columns={COLUMNS}
        caption={`Images, ${images.length} of ${totalCount}`}
        kind="images-table"
        rowKey={(image) => image.digest}
        rowData={(image) => ({ "data-digest": image.digest })}
      />
      {totalCount > images.length && (
        <p class="muted">
          The {images.length} most recently pushed of {totalCount} images.
        </p>
      )}
    </>
  );
}
