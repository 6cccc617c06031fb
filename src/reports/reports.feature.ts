// Reports for scripts and cron: read-only exports of the statistics, under /api/v1/reports/.
import { Router } from "express";
import type { Feature } from "../feature";
import { methodNotAllowed } from "../errors";
import { StaleImageService } from "../stats/stale-images.service";
import { createReportReader } from "./report-auth";
import { staleImagesRoute } from "./stale-images.route";

/** Where the reports live. */
export const REPORTS_PATH = "/api/v1/reports";

/** The export endpoints; same read rules as GraphQL. */
export function createReportsFeature(): Feature {
  return {
    name: "reports",
    mount(app, ctx) {
      const router = Router();
      const service = new StaleImageService(ctx.db.models.digests, ctx.db.models.tags);
      router.get("/stale-images", staleImagesRoute(service, createReportReader(ctx.config.api), ctx.log));
      router.all("/stale-images", (_req, _res, next) => next(methodNotAllowed(["GET", "HEAD"])));
      app.use(REPORTS_PATH, router);
    },
  };
}
