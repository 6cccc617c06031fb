import client from "prom-client";

/** The Prometheus registry and the instruments every part of drec feeds. */
export interface Metrics {
  registry: client.Registry;
  /** HTTP requests by route, method and status. */
  httpRequests: client.Counter<"route" | "method" | "status">;
  /** HTTP request duration by route, method and status. */
  httpDuration: client.Histogram<"route" | "method" | "status">;
  /** Notification events by outcome (counted, duplicate, ignored, rejected), kind and source. */
  ingestEvents: client.Counter<"outcome" | "kind" | "source">;
  /** GraphQL operations by type and outcome. */
  graphqlOperations: client.Counter<"operation" | "outcome">;
  /** Events stored in the ledger and waiting to be applied to the statistics. */
  applyBacklog: client.Gauge;
  /** Events per applied batch. */
  applyBatchSize: client.Histogram;
  /** Time from receiving an event to its statistics being written. */
  applyLag: client.Histogram;
  /** Stored events the database refused to apply, moved to drec_dead_letters, by kind and source. */
  applyRejected: client.Counter<"kind" | "source">;
  /** Restarts of the embedded database after it died (store/embedded/supervisor.ts). */
  embeddedDbRestarts: client.Counter;
  /** 1 while the embedded database process runs, 0 while it is down and being restarted. */
  embeddedDbUp: client.Gauge;
}

/** Creates a registry per app instance, so several apps in one test process do not collide. */
export function createMetrics(): Metrics {
  const registry = new client.Registry();
  // prom-client's default names, unprefixed: dashboards and alerts for Node.js processes expect
  // process_* and nodejs_*; drec_ marks drec's own metrics only.
  client.collectDefaultMetrics({ register: registry });
  const labels = ["route", "method", "status"] as const;
  return {
    registry,
    httpRequests: new client.Counter({
      name: "drec_http_requests_total",
      help: "HTTP requests served",
      labelNames: labels,
      registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: "drec_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: labels,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ingestEvents: new client.Counter({
      name: "drec_ingest_events_total",
      help: "Registry notification events by outcome, kind and source (ingest.sources)",
      labelNames: ["outcome", "kind", "source"],
      registers: [registry],
    }),
    graphqlOperations: new client.Counter({
      name: "drec_graphql_operations_total",
      help: "GraphQL operations by type and outcome",
      labelNames: ["operation", "outcome"],
      registers: [registry],
    }),
    applyBacklog: new client.Gauge({
      name: "drec_ingest_apply_backlog",
      help: "Events stored in the ledger, waiting to be applied to the statistics",
      registers: [registry],
    }),
    applyBatchSize: new client.Histogram({
      name: "drec_ingest_apply_batch_events",
      help: "Events per applied batch",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    applyLag: new client.Histogram({
      name: "drec_ingest_apply_lag_seconds",
      help: "Time from receiving an event to its statistics being written",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    applyRejected: new client.Counter({
      name: "drec_ingest_apply_rejected_total",
      help: "Stored events the database refused to apply, moved to drec_dead_letters",
      labelNames: ["kind", "source"],
      registers: [registry],
    }),
    // Registered by store/database.ts only when drec runs the embedded database: a constant 0 "up" next
    // to an external MongoDB would page someone.
    embeddedDbRestarts: new client.Counter({
      name: "drec_embedded_db_restarts_total",
      help: "Restarts of the embedded database after it died",
      registers: [],
    }),
    embeddedDbUp: new client.Gauge({
      name: "drec_embedded_db_up",
      help: "1 while the embedded database runs, 0 while drec restarts it",
      registers: [],
    }),
  };
}
