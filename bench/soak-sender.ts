// The soak's registries: C instances, each delivering its own event stream one event at a time and
// retrying an event until it is answered 2xx, with the same event id, as distribution's notification
// endpoint does (its queue never skips an event; `timeout: 2s`, `backoff: 1s`).
import { ZipfPicker } from "./catalog";
import { agentFor, send, type Endpoint } from "./http-client";
import { EVENTS_MEDIA_TYPE, SessionGenerator, type EventClass } from "./workload";
import { setTimeout as sleep } from "node:timers/promises";

/** Counted events of one repository: pulls and pushes. */
export interface Counts {
  pulls: number;
  pushes: number;
}

/** One event's delivery so far. */
export interface InFlight {
  repository: string;
  kind: EventClass;
  firstSentAt: number;
  attempts: number;
  /** The last answer: a status code or a network error kind. */
  last: string;
}

/** What the senders did, kept as they go. */
export class Deliveries {
  /** Distinct events posted at least once. */
  sent = 0;
  /** Distinct events answered 2xx. */
  acknowledged = 0;
  /** Manifest events (pulls and pushes) answered 2xx; the statistics must count each once. */
  acknowledgedManifests = 0;
  /** POSTs in all, first tries and retries. */
  attempts = 0;
  /** Answers by status (or network error kind), retries included. */
  readonly statuses: Record<string, number> = {};
  /** Acknowledged manifest events by repository. */
  readonly expected = new Map<string, Counts>();
  /** Ids of the acknowledged manifest events, to look up in drec's ledger. */
  readonly manifestIds: string[] = [];
  /** Manifest events posted but not (yet) answered 2xx, by repository. */
  readonly unacknowledged = new Map<string, Counts>();
  /** Events posted and not answered 2xx yet, by id: what a failed soak reports to explain itself. */
  readonly inFlight = new Map<string, InFlight>();

  record(kind: EventClass, repository: string, into: Map<string, Counts>, delta: number): void {
    if (kind === "blob") return;
    const counts = into.get(repository) ?? { pulls: 0, pushes: 0 };
    if (kind === "manifest-pull") counts.pulls += delta;
    else counts.pushes += delta;
    into.set(repository, counts);
  }
}

/** How the senders run. */
export interface SenderOptions {
  endpoint: Endpoint;
  route: string;
  token: string;
  concurrency: number;
  /** Repositories the events name (Zipf popularity, the busiest first). */
  repositories: number;
  seed: number;
  /** Per-request timeout, like the endpoint's `timeout`. */
  timeoutMs: number;
  /** Longest wait between retries of one event (the wait doubles from 100 ms up to it). */
  backoffMs: number;
  /** No new events once this returns true; events under way are still delivered. */
  enough: () => boolean;
  /** An event still unacknowledged once this returns true is given up (the soak then fails). */
  giveUp: () => boolean;
  /** New events per second across all senders (0: as fast as drec answers). */
  rate: number;
}

/** Runs the senders until `enough()` and every event they started is acknowledged or given up. */
export async function runSenders(options: SenderOptions, deliveries: Deliveries): Promise<void> {
  const zipf = new ZipfPicker(options.repositories);
  const agent = agentFor("keep-alive", options.endpoint, options.concurrency);
  const headers = {
    authorization: `Bearer ${options.token}`,
    "content-type": EVENTS_MEDIA_TYPE,
    "user-agent": "Go-http-client/1.1",
  };
  const deliver = async (body: string, kind: EventClass) => {
    const event = (JSON.parse(body) as { events: { id: string; target: { repository: string } }[] })
      .events[0];
    const repository = event.target.repository;
    deliveries.sent += 1;
    deliveries.record(kind, repository, deliveries.unacknowledged, 1);
    const flight: InFlight = { repository, kind, firstSentAt: Date.now(), attempts: 0, last: "" };
    deliveries.inFlight.set(event.id, flight);
    for (let backoff = 100; !options.giveUp(); backoff = Math.min(backoff * 2, options.backoffMs)) {
      deliveries.attempts += 1;
      const result = await send(
        options.endpoint,
        agent,
        "POST",
        options.route,
        headers,
        body,
        options.timeoutMs,
      );
      const status = result.error ?? String(result.status);
      deliveries.statuses[status] = (deliveries.statuses[status] ?? 0) + 1;
      [flight.attempts, flight.last] = [flight.attempts + 1, status];
      if (result.status >= 200 && result.status < 300) {
        deliveries.inFlight.delete(event.id);
        deliveries.acknowledged += 1;
        deliveries.record(kind, repository, deliveries.unacknowledged, -1);
        if (kind === "blob") return;
        deliveries.record(kind, repository, deliveries.expected, 1);
        deliveries.acknowledgedManifests += 1;
        deliveries.manifestIds.push(event.id);
        return;
      }
      await sleep(backoff);
    }
  };
  // Paced by a shared schedule of start times: a registry sends as its users push and pull, and a
  // pace the applier can follow keeps the soak about faults, not about a backlog it cannot drain.
  const interval = options.rate > 0 ? 1000 / options.rate : 0;
  let nextStart = Date.now();
  const worker = async (id: number) => {
    const generator = new SessionGenerator(zipf, options.seed * 1000 + id);
    while (!options.enough()) {
      if (interval > 0) {
        const wait = nextStart - Date.now();
        nextStart = Math.max(nextStart, Date.now()) + interval;
        if (wait > 0) await sleep(wait);
      }
      const event = generator.next();
      await deliver(event.body, event.kind);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, id) => worker(id)));
  if (agent) agent.destroy();
}
