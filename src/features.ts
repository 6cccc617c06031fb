import { createDashboardFeature } from "./dashboard/dashboard.feature";
import type { Feature } from "./feature";
import { graphqlFeature } from "./graphql/graphql.feature";
import { createIngestFeature } from "./ingest/ingest.feature";

/** The features a normal drec runs, in mount order. */
export const features: Feature[] = [createIngestFeature(), graphqlFeature, createDashboardFeature()];
