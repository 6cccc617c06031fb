import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Request, RequestHandler } from "express";
import { badRequest } from "../errors";
import type { Logger } from "../logger";
import type { StaleImageService } from "../stats/stale-images.service";
import { staleQueryProblem, type StaleQuery } from "../stats/stale-image-row";
import type { ReportReader } from "./report-auth";
import { csvDocument, jsonArray } from "./stale-image-format";

const PARAMETERS = new Set(["older_than_days", "namespace", "format", "include_automated"]);

/** The export's query string, checked: every problem is a 400 naming the parameter. */
export function parseStaleParameters(
  query: Request["query"],
  now: Date,
): StaleQuery & { format: "csv" | "json" } {
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw badRequest(`"${name}" must be given once, as a plain value`);
    return value;
  };
  for (const name of Object.keys(query))
    if (!PARAMETERS.has(name))
      throw badRequest(`unknown parameter "${name.slice(0, 64)}"; use ${[...PARAMETERS].join(", ")}`);
  const days = single("older_than_days");
  if (days === undefined) throw badRequest('"older_than_days" is required, e.g. ?older_than_days=90');
  if (!/^\d{1,6}$/.test(days))
    throw badRequest(`"older_than_days" must be a whole number; got ${JSON.stringify(days.slice(0, 32))}`);
  const namespace = single("namespace") || null;
  const problem = staleQueryProblem(Number(days), namespace);
  if (problem)
    throw badRequest(
      problem.replace("older than days", '"older_than_days"').replace("namespace", '"namespace"'),
    );
  const format = single("format") ?? "json";
  if (format !== "csv" && format !== "json")
    throw badRequest(`"format" must be csv or json; got ${JSON.stringify(format.slice(0, 32))}`);
  const automated = single("include_automated") ?? "false";
  if (automated !== "true" && automated !== "false")
    throw badRequest(
      `"include_automated" must be true or false; got ${JSON.stringify(automated.slice(0, 32))}`,
    );
  return { olderThanDays: Number(days), namespace, includeAutomated: automated === "true", now, format };
}

/**
 * GET /api/v1/reports/stale-images: the staleImages rows, all of them, by repository and digest, streamed
 * from database cursors with backpressure. A failure after the first byte can only cut the response short
 * (the status is sent); the log says why.
 */
export function staleImagesRoute(
  service: StaleImageService,
  canRead: ReportReader,
  log: Logger,
): RequestHandler {
  return async (req, res, next) => {
    let query: ReturnType<typeof parseStaleParameters>;
    try {
      canRead(req);
      query = parseStaleParameters(req.query, new Date());
    } catch (err) {
      return next(err);
    }
    const rows = service.stream(query);
    const body = query.format === "csv" ? csvDocument(rows) : jsonArray(rows);
    res.status(200);
    res.setHeader("Cache-Control", "no-store");
    if (query.format === "csv") {
      res.type("text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="stale-images-${query.olderThanDays}d.csv"`);
    } else res.type("application/json; charset=utf-8");
    try {
      await pipeline(Readable.from(body), res);
    } catch (err) {
      // The client went away, or the database failed mid-stream: nothing more can be said to the client.
      if (!res.headersSent) return next(err);
      log.warn({ err }, "stale-images export ended early");
    }
  };
}
