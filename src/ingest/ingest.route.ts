// POST {server.route}: authenticate, check media type and size, read the envelope, hand off.
import express, { Router } from "express";
import type { Config } from "../config/config.schema";
import { AppError, badRequest, methodNotAllowed, serviceUnavailable } from "../errors";
import { automatedRules } from "./events/automated-rule";
import { ingestEnvelope } from "./ingest-envelope";
import { classifyDbError, isDatabaseFailure, isDatabaseUnavailable } from "../store/database-errors";
import { parseEnvelope } from "./events/envelope.schema";
import { requireIngestToken, type IngestTokens } from "./ingest-auth";
import type { Pipeline } from "./pipeline";
import type { IngestDeps } from "./ingest-deps";
import { requireEventMediaType } from "./event-content-type";

/** The ingest endpoint; `tokens` is filled at start; `databaseUp` is the connection's known state. */
export function ingestRoutes(
  config: Config,
  deps: IngestDeps,
  pipeline: Pipeline,
  tokens: IngestTokens,
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
      requireIngestToken(tokens, config.ingest.allow_anonymous),
      requireEventMediaType,
      json,
      async (req, res) => {
        const envelope = parseEnvelope(req.body);
        if (!envelope.ok) throw badRequest(envelope.message);
        // A lost connection would make every write wait for server selection (seconds, longer than a
        // registry waits): answer "retry later" at once instead.
        if (!databaseUp()) throw serviceUnavailable("the database is unavailable; retry later");
        try {
          res.json(
            await ingestEnvelope(deps, pipeline, envelope.events, {
              maxClockSkewSeconds: config.ingest.max_clock_skew_seconds,
              automated,
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
