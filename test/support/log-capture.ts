import { Writable } from "node:stream";
import pino, { type Logger } from "pino";

/** A logger whose JSON lines are kept in `lines`, for tests of what drec logs. */
export function captureLog(level = "info"): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { log: pino({ level }, sink), lines };
}
