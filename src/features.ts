import { createDashboardFeature } from "./dashboard/dashboard.feature";
import { createExplorerFeature } from "./dashboard/explorer.feature";
import type { Feature } from "./feature";
import { graphqlFeature } from "./graphql/graphql.feature";
import { createIngestFeature } from "./ingest/ingest.feature";
import { createReportsFeature } from "./reports/reports.feature";
import { createUsageMetricsFeature } from "./reports/usage-metrics.feature";

/** The features a normal drec runs, in mount order. */
export const features: Feature[] = [
  createIngestFeature(),
  // Before graphql: it answers browsers' HTML GETs at graphql.path, Apollo everything else.
  createExplorerFeature(),
  graphqlFeature,
  createReportsFeature(),
  createUsageMetricsFeature(),
  createDashboardFeature(),
];
