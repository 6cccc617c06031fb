import type { Request, Response } from "express";

// Host header characters a CSP source may carry (host name, IPv4/IPv6 literal, port); anything else
// is dropped so a forged Host cannot inject directives.
const SAFE_HOST = /^[A-Za-z0-9.\-:[\]]+$/;

/** What a page needs beyond the dashboard's policy. */
export interface PolicyOptions {
  /** Fonts as data: URLs: GraphiQL's stylesheet embeds its fonts that way (still nothing off-origin). */
  dataFonts?: boolean;
}

/**
 * The dashboard's Content-Security-Policy: everything from this origin only. connect-src names the
 * same host over wss: explicitly, because older browsers do not let 'self' cover WebSockets.
 */
export function contentSecurityPolicy(host: string | undefined, options: PolicyOptions = {}): string {
  const wss = host && SAFE_HOST.test(host) ? ` wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    options.dataFonts ? "font-src 'self' data:" : "font-src 'self'",
    `connect-src 'self'${wss}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers on every dashboard (and API explorer) page: CSP, no sniffing, no framing, no referrer. */
export function setSecurityHeaders(req: Request, res: Response, options: PolicyOptions = {}): void {
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(req.headers.host, options));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
}
