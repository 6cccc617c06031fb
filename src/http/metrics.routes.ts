import { Router, type RequestHandler } from "express";
import type { Metrics } from "../metrics";
import { bearerTokens, requireBearer } from "./bearer";

/** GET /metrics in the Prometheus text format; behind a bearer token when `tokens` lists any. */
export function metricsRoutes(metrics: Metrics, tokens: readonly string[]): Router {
  const router = Router();
  // Open without tokens, as scrapers on a private network expect; the counts reveal repository activity.
  if (tokens.length > 0)
    router.use("/metrics", requireBearer(bearerTokens(tokens), "drec-metrics", "metrics token"));
  router.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

/** Counts and times every request, labelled by the matched route rather than the raw path. */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on("finish", () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || "unmatched";
      const labels = { route, method: req.method, status: String(res.statusCode) };
      end(labels);
      metrics.httpRequests.inc(labels);
    });
    next();
  };
}
