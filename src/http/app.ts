import crypto from "node:crypto";
import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import type { AppContext } from "../app-context";
import { errorHandler, notFoundHandler } from "./error-handler";
import { healthRoutes } from "./health.routes";
import { metricsRoutes, requestMetrics } from "./metrics.routes";
import { withoutQuery } from "./request-log";
import { responseHeaders } from "./response-headers";

/** A feature that adds its routes to the app (ingest, GraphQL, dashboard). */
export type Mount = (app: Express) => void;

/** Builds the Express app: logging, metrics, health, the given features, then 404 and error handling. */
export function createApp(ctx: AppContext, features: Mount[]): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(responseHeaders);
  app.use(
    pinoHttp({
      logger: ctx.log,
      serializers: { req: withoutQuery },
      genReqId: (_req, res) => {
        const id = crypto.randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      // Probes and scrapes would drown the log; failures there still show as warnings.
      autoLogging: { ignore: (req) => ["/healthz", "/readyz", "/metrics"].includes(req.url ?? "") },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    }),
  );
  app.use(requestMetrics(ctx.metrics));
  app.use(healthRoutes(ctx));
  app.use(metricsRoutes(ctx.metrics, ctx.config.metrics.tokens));
  for (const mount of features) mount(app);
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
