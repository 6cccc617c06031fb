// The cleanup page's data: staleImages through GraphQL, and the CSV export fetched with the session's token
// (a plain link could not send it when reads need authentication).
import { ApiError, bearer, execute } from "./client";
import type * as G from "./generated";

type StaleImagesData = G.StaleImagesQuery;

/** One cleanup candidate as the page shows it. */
export type StaleImageRow = StaleImagesData["staleImages"]["nodes"][number];

/** The page's filters. */
export interface CleanupFilters {
  days: number;
  namespace: string;
  includeAutomated: boolean;
}

const STALE_IMAGES = /* GraphQL */ `
  query StaleImages($days: Int!, $namespace: String, $automated: Boolean, $after: String) {
    staleImages(
      olderThanDays: $days
      namespace: $namespace
      includeAutomated: $automated
      first: 100
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        repository
        digest
        tags
        reason
        lastUsedAt
        lastPulledAt
        pullCount
        size
      }
    }
    registry {
      address
    }
  }
`;

/** One page (100) of candidates, the total, and the registry's configured address. */
export function fetchStaleImages(
  filters: CleanupFilters,
  after: string | null,
  token: string | null,
): Promise<StaleImagesData> {
  return execute<StaleImagesData, G.StaleImagesQueryVariables>(
    STALE_IMAGES,
    { days: filters.days, namespace: filters.namespace || null, automated: filters.includeAutomated, after },
    { token },
  );
}

/** The export URL for the filters. */
export function exportUrl(filters: CleanupFilters, format: "csv" | "json"): string {
  const params = new URLSearchParams({ older_than_days: String(filters.days), format });
  if (filters.namespace) params.set("namespace", filters.namespace);
  if (filters.includeAutomated) params.set("include_automated", "true");
  return `/api/v1/reports/stale-images?${params}`;
}

/** Downloads the CSV export with the session's token, as a file the browser saves. */
export async function downloadCsv(filters: CleanupFilters, token: string | null): Promise<void> {
  const authorization = bearer(token);
  const response = await fetch(exportUrl(filters, "csv"), {
    headers: authorization ? { authorization } : {},
    credentials: "same-origin",
  });
  if (!response.ok) throw new ApiError(`the export answered ${response.status}`, `HTTP_${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = `stale-images-${filters.days}d.csv`;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
