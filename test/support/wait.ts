// Bounded polling for conditions that become true asynchronously (e.g. webhook deliveries).
import { setTimeout as sleep } from "node:timers/promises";

/** T without its falsy members, which waitFor treats as "not yet". */
export type Truthy<T> = Exclude<T, false | 0 | "" | null | undefined>;

/** Options for waitFor. */
export interface WaitOptions {
  /** Pause between attempts, in milliseconds. */
  intervalMs?: number;
  /** Extra context for the timeout error, evaluated only on timeout (e.g. what has been received so far). */
  describe?: () => string;
}

/**
 * Calls `fn` until it returns a truthy value and resolves with that value; rejects once `timeoutMs` has
 * passed, so a missing event fails the test instead of hanging it.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  timeoutMs: number,
  options: WaitOptions = {},
): Promise<Truthy<T>> {
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as Truthy<T>;
    } catch (error) {
      // a condition may throw while its data is incomplete; only the last error matters on timeout
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const details = [
        `waitFor: condition not met within ${timeoutMs} ms`,
        lastError === undefined ? "" : `last error: ${String(lastError)}`,
        options.describe ? options.describe() : "",
      ];
      throw new Error(details.filter((line) => line !== "").join("\n"));
    }
    await sleep(intervalMs);
  }
}
