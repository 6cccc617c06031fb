// POST {server.route}: find the source by its token, check media type and size, read its format, hand off.
import express, { Router } from "express";
import type { Config } from "../config/config.schema";
import { AppError, badRequest, methodNotAllowed, serviceUnavailable } from "../errors";
import { automatedRules } from "./events/automated-rule";
import { ingestEnvelope } from "./ingest-envelope";
import { classifyDbError, isDatabaseFailure, isDatabaseUnavailable } from "../store/database-errors";
import { normalizeRequest, requireSourceMediaType } from "./events/normalize";
import type { Pipeline } from "./pipeline";
import type { IngestDeps } from "./ingest-deps";
import { requestSource, requireSource, type IngestSources } from "./source-auth";

/** The ingest endpoint; `tokens` is filled at start; `databaseUp` is the connection's known state. */
export function ingestRoutes(
  config: Config,
  deps: IngestDeps,
  pipeline: Pipeline,
  sources: IngestSources,
  databaseUp: () => boolean = () => true,
): Router {
  const router = Router();
  // Compiled once per app: the globs are fixed for the process's life.
  const automated = automatedRules(config.ingest.automated);
  // The media type is already checked; strict off so a JSON scalar gets the envelope's own 400 message.
  const json = express.json({ type: () => true, limit: config.ingest.max_body_bytes, strict: false });
  router
    .route(config.server.route)
    .post(
      requireSource(sources, config.ingest.allow_anonymous),
      requireSourceMediaType,
      json,
      async (req, res) => {
        const source = requestSource(res);
        const contentType = req.headers["content-type"] ?? "";
        const envelope = normalizeRequest(source.format, contentType, req.headers, req.body);
        if (!envelope.ok) throw badRequest(envelope.message);
        // A lost connection would make every write wait for server selection (seconds, longer than a
        // registry waits): answer "retry later" at once instead.
        if (!databaseUp()) throw serviceUnavailable("the database is unavailable; retry later");
        try {
          res.json(
            await ingestEnvelope(deps, pipeline, envelope.events, {
              maxClockSkewSeconds: config.ingest.max_clock_skew_seconds,
              automated,
              source: source.name,
            }),
          );
        } catch (err) {
          // Whatever the database did, the events are not confirmed: never 2xx, and never 500, which
          // a registry may treat differently from "retry later".
          if (err instanceof AppError || !isDatabaseFailure(err)) throw err;
          const kind = classifyDbError(err);
          if (isDatabaseUnavailable(err))
            req.log.warn({ err, kind }, "database unavailable; asking the registry to retry");
          else req.log.error({ err, kind }, "database refused a write; asking the registry to retry");
          throw serviceUnavailable("the database is unavailable; retry later");
        }
      },
    )
    .all((_req, _res, next) => next(methodNotAllowed(["POST"])));
  return router;
}
