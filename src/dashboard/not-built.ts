import type { Request, Response } from "express";

export const NOT_BUILT_MESSAGE =
  "The dashboard is not built: run `npm run build:web` (npm start does it), then reload. The API is unaffected.";

/** 503 explaining how to build the dashboard: a small page for browsers, JSON for everything else. */
export function answerNotBuilt(req: Request, res: Response): void {
  res.status(503).setHeader("Cache-Control", "no-store");
  if (req.accepts(["json", "html"]) === "html") {
    res
      .type("html")
      .send(
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>drec: dashboard not built</title>' +
          "<h1>The dashboard is not built</h1><p>Run <code>npm run build:web</code> " +
          "(<code>npm start</code> does it for you), then reload this page.</p>" +
          "<p>The GraphQL API and the events route work without it.</p></html>",
      );
    return;
  }
  res.json({ error: { code: "DASHBOARD_NOT_BUILT", message: NOT_BUILT_MESSAGE } });
}
