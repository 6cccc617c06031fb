// The load loop every timed phase uses, and CPU accounting of the processes involved.
import { setMaxListeners } from "node:events";
import { cpuSeconds } from "./proc";
import { msSince, type Samples } from "./stats";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a timed phase ended. */
export interface PhaseTiming {
  /** Seconds from start to the last completion, or to the cap when steps were abandoned. */
  seconds: number;
  /** Steps still running at the cap; they were abandoned (too slow to wait for). */
  abandoned: number;
}

/**
 * Runs `concurrency` workers that each call `step(worker, signal)` back to back until `seconds` have
 * passed, then waits for the steps in flight, but never longer than `capSeconds` after the start: steps
 * still running then are abandoned and `signal` is aborted (steps must not record results after that).
 */
export async function runFor(
  concurrency: number,
  seconds: number,
  capSeconds: number,
  step: (worker: number, signal: AbortSignal) => Promise<void>,
): Promise<PhaseTiming> {
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const controller = new AbortController();
  // Every request in flight listens for the abort: up to two listeners per worker.
  setMaxListeners(4 * concurrency + 10, controller.signal);
  const aborted = new Promise<void>((resolve) =>
    controller.signal.addEventListener("abort", () => resolve()),
  );
  const timer = setTimeout(() => controller.abort(), Math.max(seconds, capSeconds) * 1000);
  let lastEnd = started;
  let abandoned = 0;
  const worker = async (id: number) => {
    do {
      const done = step(id, controller.signal).then(() => {
        lastEnd = Date.now();
      });
      await Promise.race([done, aborted]);
      if (controller.signal.aborted) {
        abandoned += 1;
        return;
      }
    } while (Date.now() < deadline);
  };
  await Promise.all(Array.from({ length: concurrency }, (_, id) => worker(id)));
  clearTimeout(timer);
  // Let the abandoned steps' abort handlers finish before the caller reads their results.
  if (abandoned > 0) await new Promise((resolve) => setImmediate(resolve));
  const end = abandoned > 0 ? started + Math.max(seconds, capSeconds) * 1000 : lastEnd;
  return { seconds: (end - started) / 1000, abandoned };
}

/** What timeInto saw: the value of a step that completed in time, or nothing. */
export type Timed<T> = { ok: true; value: T } | { ok: false; error?: unknown };

/**
 * Runs `work` and adds its latency to `samples` when it completes before the phase is abandoned and
 * `accept(value)` holds; a step still running at the abort adds a censored sample (a lower bound)
 * instead. Errors are returned, not thrown; after the abort nothing is recorded or returned.
 */
export async function timeInto<T>(
  samples: Samples[],
  signal: AbortSignal,
  work: () => Promise<T>,
  accept: (value: T) => boolean = () => true,
): Promise<Timed<T>> {
  const started = process.hrtime.bigint();
  let settled = false;
  const onAbort = () => {
    if (!settled) for (const s of samples) s.addCensored(msSince(started));
  };
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const value = await work();
    settled = true;
    if (signal.aborted) return { ok: false };
    if (accept(value)) for (const s of samples) s.add(msSince(started));
    return { ok: true, value };
  } catch (error) {
    settled = true;
    return signal.aborted ? { ok: false } : { ok: false, error };
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** CPU seconds used during a phase by drec, its database and the benchmark process itself. */
export interface CpuUse {
  drec: number;
  ferretdb: number;
  client: number;
}

/** Measures CPU use of drec, FerretDB and this process between construction and stop(). */
export class CpuMeter {
  private readonly start: CpuUse;

  constructor(
    private readonly drecPid: number,
    private readonly ferretPid: number | undefined,
  ) {
    this.start = this.now();
  }

  /** CPU seconds used since construction. */
  stop(): CpuUse {
    const end = this.now();
    return {
      drec: end.drec - this.start.drec,
      ferretdb: end.ferretdb - this.start.ferretdb,
      client: end.client - this.start.client,
    };
  }

  private now(): CpuUse {
    const usage = process.cpuUsage();
    return {
      drec: cpuSeconds(this.drecPid) ?? 0,
      ferretdb: this.ferretPid === undefined ? 0 : (cpuSeconds(this.ferretPid) ?? 0),
      client: (usage.user + usage.system) / 1e6,
    };
  }
}

/**
 * Waits until drec and its database are idle (under `busyShare` of one core over 500 ms), at most
 * `maxSeconds`, so work left over from one phase (background writes, abandoned requests) does not
 * land in the next. Resolves with the seconds waited.
 */
export async function settle(
  drecPid: number,
  ferretPid: number | undefined,
  maxSeconds = 30,
  busyShare = 0.15,
): Promise<number> {
  const started = Date.now();
  const busy = () =>
    (cpuSeconds(drecPid) ?? 0) + (ferretPid === undefined ? 0 : (cpuSeconds(ferretPid) ?? 0));
  while (Date.now() - started < maxSeconds * 1000) {
    const before = busy();
    await sleep(500);
    if (busy() - before < 0.5 * busyShare) break;
  }
  return (Date.now() - started) / 1000;
}
