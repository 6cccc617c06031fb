import pino, { type Logger } from "pino";
import type { Config } from "./config/config.schema";

export type { Logger } from "pino";

/** Paths whose values never reach the log, whatever logs them. */
const REDACT = [
  "req.headers.authorization",
  'req.headers["x-registry-token"]',
  "token",
  "tokens",
  "*.token",
  "*.tokens",
  "authorization",
];

/** Creates the process logger: JSON lines, or human-readable output when stdout is a terminal. */
export function createLogger(config: Config["log"]): Logger {
  const pretty = config.format === "pretty" || (config.format === "auto" && process.stdout.isTTY === true);
  return pino({
    level: config.level,
    redact: { paths: REDACT, censor: "<redacted>" },
    transport: pretty
      ? { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } }
      : undefined,
  });
}
