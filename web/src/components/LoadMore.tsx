interface Props {
  /** What is listed, plural: "tags". */
  noun: string;
  shown: number;
  totalCount: number;
  loading: boolean;
  onLoadMore(): void;
}

/** The button under a paged table that loads its next page. */
export function LoadMore({ noun, shown, totalCount, loading, onLoadMore }: Props) {
  return (
    <div class="load-more">
      <button type="button" class="button" disabled={loading} onClick={onLoadMore}>
        {loading ? "Loading…" : `Load more ${noun} (${shown} of ${totalCount})`}
      </button>
    </div>
  );
}
