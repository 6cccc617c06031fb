// Keeps the embedded FerretDB running: when it dies (a crash, an OOM kill, `kill -9`), drec starts it
// again on the same data directory and port, so the driver's monitor finds it where it was and
// reconnects on its own, and the outage ends without anyone stepping in.
import type { Logger } from "../../logger";
import { launchEmbedded, type EmbeddedDatabase } from "./launcher";

/** Delays between restart attempts. */
export interface RestartBackoff {
  /** Wait before the first restart after a crash. */
  initialMs: number;
  /** The longest wait: a database that keeps failing is retried this often, never faster. */
  maxMs: number;
  /** Uptime after which a crash counts as new and the wait starts again at initialMs. */
  stableMs: number;
}

/** Short enough that a one-off crash costs registries about one retry, long enough not to spin. */
export const DEFAULT_BACKOFF: RestartBackoff = { initialMs: 250, maxMs: 30_000, stableMs: 60_000 };

/** What the supervisor reports, for metrics. */
export interface SupervisorEvents {
  /** The database accepts connections (first start or a restart). */
  up(): void;
  /** The database process exited unexpectedly. */
  down(): void;
  /** A restart succeeded. */
  restarted(): void;
}

/** How to start and supervise the embedded database. */
export interface SuperviseOptions {
  binary: string;
  dir: string;
  /** Loopback port; 0 picks a free one at the first start, which restarts then keep. */
  port: number;
  log: Logger;
  backoff?: RestartBackoff;
  events?: SupervisorEvents;
}

/** A supervised embedded FerretDB. */
export interface SupervisedDatabase {
  /** mongodb:// connection string on loopback; the same across restarts. */
  uri: string;
  /** Absolute data directory. */
  dir: string;
  /** Pid of the current FerretDB process, undefined while it is down. */
  readonly pid: number | undefined;
  /** Successful restarts so far. */
  readonly restarts: number;
  /** Stops supervising, then stops the database; nothing is restarted afterwards. */
  stop(): Promise<void>;
}

const NO_EVENTS: SupervisorEvents = { up: () => {}, down: () => {}, restarted: () => {} };

/** Starts the embedded database (failing as launchEmbedded does) and restarts it whenever it dies. */
export async function superviseEmbedded(options: SuperviseOptions): Promise<SupervisedDatabase> {
  const { log } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const events = options.events ?? NO_EVENTS;
  let current: EmbeddedDatabase | undefined = await launchEmbedded(options);
  // The connection string must not change, or the Mongoose connection would point at nothing.
  const port = Number(new URL(current.uri).port);
  events.up();
  let stopping = false;
  let restarts = 0;
  let delayMs = backoff.initialMs;
  let startedAt = Date.now();
  let wake: (() => void) | undefined;
  let restarting: Promise<void> | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const restart = async (downAt: number) => {
    for (let attempt = 1; !stopping; attempt += 1) {
      await pause(delayMs);
      if (stopping) return;
      try {
        const db = await launchEmbedded({ ...options, port });
        if (stopping) {
          await db.stop();
          return;
        }
        current = db;
        startedAt = Date.now();
        restarts += 1;
        events.restarted();
        events.up();
        log.info(
          { pid: db.pid, port, attempt, downSeconds: (startedAt - downAt) / 1000, restarts },
          "embedded database restarted",
        );
        watch(db);
        return;
      } catch (err) {
        delayMs = Math.min(delayMs * 2, backoff.maxMs);
        log.warn(
          { err: (err as Error).message, attempt, retryInMs: delayMs },
          "embedded database did not start; retrying",
        );
      }
    }
  };

  const watch = (db: EmbeddedDatabase) => {
    void db.exited.then((exit) => {
      if (stopping || exit.stopped) return;
      current = undefined;
      const upMs = Date.now() - startedAt;
      delayMs = upMs >= backoff.stableMs ? backoff.initialMs : Math.min(delayMs * 2, backoff.maxMs);
      events.down();
      log.warn(
        { pid: db.pid, code: exit.code, signal: exit.signal, reason: exit.reason, upSeconds: upMs / 1000 },
        `embedded database exited; restarting it in ${delayMs} ms`,
      );
      restarting = restart(Date.now()).finally(() => (restarting = undefined));
    });
  };
  watch(current);

  return {
    uri: current.uri,
    dir: current.dir,
    get pid() {
      return current?.pid;
    },
    get restarts() {
      return restarts;
    },
    stop: async () => {
      stopping = true;
      wake?.();
      await restarting;
      await current?.stop();
      current = undefined;
    },
  };
}
