import { z } from "zod";
import { sourcesSchema } from "./sources.schema";

const port = z.number().int().min(0).max(65535);
const routePath = z.string().regex(/^\/[\w\-./]*$/, "must be an absolute URL path such as /events");

/** The server section: where and how drec listens. HTTPS only, like the original collector. */
const serverSchema = z
  .object({
    /** Address to bind; 0.0.0.0 for every interface. */
    address: z.string().min(1).default("0.0.0.0"),
    /** TCP port for HTTPS; 0 picks a free port (tests use this). */
    port: port.default(5443),
    /** Path that registries post notifications to. */
    route: routePath.default("/events"),
    ssl: z
      .object({
        /** PEM certificate; generated as a self-signed development certificate when missing. */
        cert: z.string().min(1).default("certs/domain.crt"),
        /** PEM private key for `cert`; generated with mode 0600 when missing. */
        cert_key: z.string().min(1).default("certs/domain.key"),
        /** Host names and IPs written into a generated development certificate, besides the machine's names. */
        dev_cert_hosts: z.array(z.string().min(1)).min(1).default(["localhost", "127.0.0.1", "::1"]),
      })
      .strict()
      .prefault({}),
    /** Milliseconds to let in-flight requests finish on shutdown before closing them. */
    shutdown_timeout_ms: z.number().int().min(0).max(600_000).default(10_000),
  })
  .strict();

// A glob of ingest.automated: `*` matches any run of characters; a pattern of only `*` would call every
// client automated, which is never what a list of robots means.
const automatedPattern = z
  .string()
  .min(1, "a pattern must not be empty")
  .max(256, "a pattern must be at most 256 characters")
  .refine((p) => !/^\*+$/.test(p), "a pattern of only * would match every client");

/** Which pulls come from automated clients (scanners, replication, CI robots); see "How usage is counted". */
const automatedSchema = z
  .object({
    /** Actor-name globs (case-sensitive), e.g. robot$*; env: comma-separated. */
    actors: z.array(automatedPattern).default([]),
    /** User-agent globs (case-insensitive), e.g. Trivy*; env: comma-separated. */
    user_agents: z.array(automatedPattern).default([]),
    /** Let automated pulls move lastPulledAt (repository, tag, image); they never do by default. */
    move_last_pulled: z.boolean().default(false),
  })
  .strict();

/** The ingest section: how notifications are accepted and kept. */
const ingestSchema = z
  .object({
    /** Bearer tokens registries must send; several at once allow rotation. Empty: one is generated. */
    tokens: z.array(z.string().min(16, "tokens must be at least 16 characters")).default([]),
    /** Accept notifications without a token. Only for closed networks. */
    allow_anonymous: z.boolean().default(false),
    /** Largest accepted request body in bytes; larger bodies get 413. */
    max_body_bytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** Days the raw event log (and the redelivery ledger) is kept. */
    retention_days: z.number().int().min(1).max(3650).default(90),
    /**
     * When the registry gets its answer: "stored" once the event is durable in the ledger (statistics
     * follow within milliseconds, in batches), "applied" once its statistics are written too.
     */
    acknowledge: z.enum(["stored", "applied"]).default("stored"),
    /**
     * Seconds the oldest stored event may wait for its statistics before /readyz answers 503: beyond
     * that the applier is stuck (the database keeps failing its writes) or far behind.
     */
    max_apply_lag_seconds: z.number().min(1).max(86_400).default(120),
    /**
     * Seconds an event's timestamp may lie ahead of drec's clock; later ones (and any before 2013) are
     * dead-lettered, since one would pin lastPulledAt/lastPushedAt for good.
     */
    max_clock_skew_seconds: z.number().int().min(0).max(31_536_000).default(86_400),
    /** Pulls by automated clients, counted apart in automatedPullCount. */
    automated: automatedSchema.prefault({}),
    /**
     * Several registries in one drec: `[{name, tokens, format}]`; the token a request carries names its
     * source. `ingest.tokens` (or the generated token) stay the source "default". Env: JSON.
     */
    sources: sourcesSchema,
  })
  .strict()
  .refine((ingest) => ingest.tokens.length === 0 || !ingest.sources.some((s) => s.name === "default"), {
    path: ["sources"],
    message: 'ingest.tokens already belong to the source "default"; name the listed source otherwise',
  });

/** The mongodb section: where statistics are stored. */
const mongodbSchema = z
  .object({
    /** Connection string of a MongoDB >= 6 (or FerretDB); empty starts the embedded FerretDB. */
    uri: z.string().default(""),
    /** Database name. */
    database: z.string().min(1).max(63).default("docker-registry-db"),
    /** Collection of per-repository documents, read directly by existing frontends. */
    collection: z.string().min(1).default("registry-stats"),
    embedded: z
      .object({
        /** Data directory of the embedded FerretDB (SQLite files). */
        dir: z.string().min(1).default("data"),
        /** Loopback port of the embedded FerretDB; 0 picks a free one. */
        port: port.default(0),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The graphql section: the statistics API. */
const graphqlSchema = z
  .object({
    /** Path of the GraphQL endpoint (HTTP and WebSocket). */
    path: routePath.default("/graphql"),
    /**
     * Serve the API explorer (GraphiQL, bundled with the dashboard) to browsers opening `path`
     * (GET with Accept: text/html); false: no HTML there, the endpoint answers only GraphQL requests.
     */
    explorer: z.boolean().default(true),
    /** Deepest allowed query nesting. */
    max_depth: z.number().int().min(2).max(50).default(8),
    /** Highest allowed query complexity score. */
    max_complexity: z.number().int().min(10).max(1_000_000).default(2000),
    /**
     * Seconds between full re-reads of the repository list and tag names the API serves from memory,
     * for writes drec is not told about (frontends changing numstars, other drec processes); at least
     * 20 times the last re-read's duration (read-model/read-model.ts, RELOAD_DUTY); 0: never.
     */
    read_model_reload_seconds: z.number().min(0).max(86_400).default(60),
    /**
     * Seconds between snapshots of that read model, written to the database (`drec_snapshots`) when
     * something changed, and once more on shutdown; a start loads the newest snapshot and catches up from
     * the change log instead of reading every document (read-model/snapshot-store.ts); 0: no snapshots,
     * every start reads everything.
     */
    read_model_snapshot_seconds: z.number().int().min(0).max(86_400).default(300),
    /** Limits of graphql-ws subscriptions on graphql.path. */
    websocket: z
      .object({
        /** Most WebSocket connections open at once; more are answered 503 at the upgrade. */
        max_connections: z.number().int().min(1).max(100_000).default(1000),
        /** Most operations (subscriptions) running at once on one socket; more get an error message. */
        max_subscriptions: z.number().int().min(1).max(10_000).default(50),
        /** Seconds a new socket has to send connection_init before it is closed (4408). */
        init_timeout_seconds: z.number().min(0.1).max(600).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The api section: who GraphQL users are. */
const apiSchema = z
  .object({
    /** User name to API token; env form "alice:tokA,bob:tokB". */
    tokens: z
      .record(z.string().min(1), z.string().min(16, "API tokens must be at least 16 characters"))
      .default({}),
    /** Header set by a trusted SSO proxy carrying the user name; empty disables it. */
    trusted_user_header: z.string().default(""),
    /** Refuse anonymous GraphQL reads. */
    require_auth_for_reads: z.boolean().default(false),
  })
  .strict();

/**
 * A registry host as docker image references start with: a DNS name or IPv4 address, or [IPv6], then
 * an optional :port; or nothing.
 */
const REGISTRY_ADDRESS =
  /^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?)?$/;

/** The dashboard section: what the web dashboard shows besides the statistics. */
const dashboardSchema = z
  .object({
    /**
     * The registry's public address (host[:port], e.g. registry.example.com:5000) for `docker pull`
     * lines; served as Query.registry.address. Empty: the host the dashboard is opened on, without
     * drec's port.
     */
    registry_address: z
      .string()
      .regex(REGISTRY_ADDRESS, "must be host[:port] without scheme or path, e.g. registry.example.com:5000")
      .default(""),
  })
  .strict();

/** The metrics section: who may scrape GET /metrics. */
const metricsSchema = z
  .object({
    /** Bearer tokens a scraper must send to GET /metrics; empty: /metrics is open. */
    tokens: z.array(z.string().min(16, "metrics tokens must be at least 16 characters")).default([]),
    /**
     * How many namespaces (first path segment) get their own `namespace` label on drec_pulls_total and
     * drec_pushes_total: the busiest by pulls plus pushes, re-chosen every 10 minutes; the rest count as
     * "other". Bounds the series to this many plus one per counter. 0: every count is "other".
     */
    namespace_labels: z.number().int().min(0).max(1000).default(20),
  })
  .strict();

/** The sync section: how several drec processes on one database follow each other's changes. */
const syncSchema = z
  .object({
    /**
     * Milliseconds between reads of the change log (`drec_changes`, sync/change-log.ts) for the other
     * processes' changes; on a MongoDB replica set a change stream also wakes the reader at once.
     */
    poll_ms: z.number().int().min(20).max(60_000).default(250),
    /**
     * Minutes change log entries are kept. A snapshot older than the oldest kept entry is not used (the
     * start reads everything), and a process that fell further behind reloads in full.
     */
    retention_minutes: z.number().int().min(5).max(10_080).default(60),
  })
  .strict();

/** The log section. */
const logSchema = z
  .object({
    /** pino level: fatal, error, warn, info, debug, trace or silent. */
    level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** json, pretty, or auto (pretty when stdout is a terminal). */
    format: z.enum(["auto", "json", "pretty"]).default("auto"),
  })
  .strict();

/** The whole configuration file. */
export const configSchema = z
  .object({
    server: serverSchema.prefault({}),
    ingest: ingestSchema.prefault({}),
    mongodb: mongodbSchema.prefault({}),
    graphql: graphqlSchema.prefault({}),
    api: apiSchema.prefault({}),
    dashboard: dashboardSchema.prefault({}),
    metrics: metricsSchema.prefault({}),
    sync: syncSchema.prefault({}),
    log: logSchema.prefault({}),
  })
  .strict();

/** The validated configuration drec runs with. */
export type Config = z.infer<typeof configSchema>;
