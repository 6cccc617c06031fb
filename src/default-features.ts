import { createDashboardFeature } from "./dashboard/dashboard.feature";
import { createExplorerFeature } from "./dashboard/explorer.feature";
import type { Feature } from "./feature";
import { createGraphqlFeature } from "./graphql/graphql.feature";
import { createIngestFeature } from "./ingest/ingest.feature";
import { createReportsFeature } from "./reports/reports.feature";
import { createUsageMetricsFeature } from "./reports/usage-metrics.feature";

/** The features a normal drec runs, in mount order; new objects for every start(), so no state is shared. */
export function defaultFeatures(): Feature[] {
  return [
    createIngestFeature(),
    // Before graphql: it answers browsers' HTML GETs at graphql.path, Apollo everything else.
    createExplorerFeature(),
    createGraphqlFeature(),
    createReportsFeature(),
    createUsageMetricsFeature(),
    createDashboardFeature(),
  ];
}
