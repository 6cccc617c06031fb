// Progress lines on stderr, each prefixed with the time since the benchmark started.

const started = Date.now();

/** Seconds since the benchmark process started. */
export function elapsedSeconds(): number {
  return (Date.now() - started) / 1000;
}

/** Writes one progress line to stderr, e.g. "[  12.3 s] R=100 seed: …". */
export function progress(message: string): void {
  process.stderr.write(`[${elapsedSeconds().toFixed(1).padStart(6)} s] ${message}\n`);
}
