import type { AddressInfo } from "node:net";
import https from "node:https";
import type { Config } from "./config/config.schema";
import type { AppContext } from "./app-context";
import { openDatabase } from "./store/database";
import type { Feature } from "./feature";
import { createApp } from "./http/app";
import { createLogger, type Logger } from "./logger";
import { createMetrics } from "./metrics";
import { createStatsChanges } from "./read-model/change-feed";
import { createUpdates } from "./stats/repository-updated-bus";
import { createChangeSync } from "./sync/create-change-sync";
import { developmentCertHosts } from "./http/tls/cert-hosts";
import { TLS_SERVER_OPTIONS } from "./http/tls/ciphers";
import { ensureCertificate } from "./http/tls/dev-cert";
import { defaultFeatures } from "./default-features";
import { createReadModel } from "./read-model/create-read-model";

/** A running drec. */
export interface Running {
  /** https://host:port of the listening server (port resolved when 0 was asked). */
  url: string;
  port: number;
  ctx: AppContext;
  server: https.Server;
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

/** Options for start(); tests pass a logger and features of their own. */
export interface StartOptions {
  log?: Logger;
  features?: Feature[];
}

/** Starts the whole service: certificate, database, HTTPS server and every feature. */
export async function start(config: Config, options: StartOptions = {}): Promise<Running> {
  const log = options.log ?? createLogger(config.log);
  const features = options.features ?? defaultFeatures();
  const { ssl } = config.server;
  const tls = await ensureCertificate(
    ssl.cert,
    ssl.cert_key,
    log,
    await developmentCertHosts(ssl.dev_cert_hosts),
  );
  const metrics = createMetrics();
  const db = await openDatabase(config.mongodb, log, metrics);
  const updates = createUpdates();
  const changes = createStatsChanges();
  const sync = createChangeSync({ config, log, db, updates, changes });
  const readModel = createReadModel({ config, log, db, changes, sync });
  const ctx: AppContext = {
    config,
    log,
    metrics,
    db,
    updates,
    changes,
    sync,
    readModel,
    readiness: new Map(),
  };
  try {
    await sync.start();
    for (const feature of features) await feature.prepare?.(ctx);
  } catch (err) {
    await sync.stop();
    await db.close();
    throw err;
  }
  const app = createApp(
    ctx,
    features.map((feature) => (a) => feature.mount(a, ctx)),
  );
  const server = https.createServer({ cert: tls.cert, key: tls.key, ...TLS_SERVER_OPTIONS }, app);
  // Registries time out after 1-2 s; keep idle sockets short-lived but allow keep-alive senders.
  server.keepAliveTimeout = 5000;
  try {
    await listen(server, config.server.port, config.server.address);
    for (const feature of features) await feature.start?.(ctx, server);
  } catch (err) {
    server.close();
    // Keep-alive connections opened after listen() would otherwise still be served, by a closed database.
    server.closeAllConnections();
    await sync.stop();
    await db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = config.server.address === "0.0.0.0" ? "localhost" : config.server.address;
  const url = `https://${host}:${port}`;
  log.info(
    { url, events: `${url}${config.server.route}`, graphql: `${url}${config.graphql.path}` },
    "drec is listening",
  );
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= shutdown(server, features, ctx));
  return { url, port, ctx, server, stop };
}

function listen(server: https.Server, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new Error(`server.port ${port} on ${address} is already in use; pick another (DREC_SERVER_PORT)`)
          : err,
      ),
    );
    server.listen(port, address, () => resolve());
  });
}

async function shutdown(server: https.Server, features: Feature[], ctx: AppContext): Promise<void> {
  ctx.log.info("shutting down: no new connections, waiting for in-flight requests");
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets turn idle only once their in-flight request is answered; close them then,
  // instead of waiting for the keep-alive timeout.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  for (const feature of features) await feature.drain?.(ctx);
  const force = setTimeout(() => server.closeAllConnections(), ctx.config.server.shutdown_timeout_ms);
  await closed;
  clearInterval(sweep);
  clearTimeout(force);
  for (const feature of [...features].reverse()) await feature.stop?.(ctx);
  await ctx.sync.stop();
  await ctx.db.close();
  ctx.log.info("stopped");
}
