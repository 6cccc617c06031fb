// A sender that behaves like distribution's notification queue: envelopes are delivered in parallel
// lanes, and each one is retried with the same body (the same event ids) after a short backoff until it
// gets a 2xx, on any other status and on network errors alike. Every answer is recorded.
import { setTimeout as sleep } from "node:timers/promises";
import type { RawEnvelope } from "./builders";
import { TEST_INGEST_TOKEN } from "./harness";
import { request } from "./http";
import { EVENTS_V1 } from "./ingest-builders";

/** One attempt at delivering an envelope. */
export interface Answer {
  envelope: number;
  /** HTTP status, or 0 for a network error. */
  status: number;
  retryAfter?: string;
  body: unknown;
  /** What the test said the database was doing when the request was sent, and when it was answered. */
  sent: string;
  phase: string;
}

/** How to send. */
export interface SenderOptions {
  url: string;
  ca: string;
  /** Parallel lanes (distribution runs one per endpoint; a fleet of registries runs several). */
  concurrency: number;
  backoffMs: number;
  /** Gives up on an envelope after this many attempts (the test then fails). */
  maxAttempts: number;
  /** Labels each answer, e.g. "up" / "down". */
  phase: () => string;
}

/** A running delivery of envelopes. */
export interface Sender {
  answers: Answer[];
  /** The 2xx answer of each envelope, by envelope index, once it has one. */
  accepted: Map<number, Answer>;
  /** Resolves when every envelope got a 2xx; rejects when one ran out of attempts. */
  done: Promise<void>;
}

/** Starts delivering `envelopes` in order over `concurrency` lanes. */
export function sendLikeRegistry(envelopes: RawEnvelope[], options: SenderOptions): Sender {
  const answers: Answer[] = [];
  const accepted = new Map<number, Answer>();
  let next = 0;
  const deliver = async (envelope: number) => {
    const body = JSON.stringify(envelopes[envelope]);
    for (let attempt = 1; attempt <= options.maxAttempts; attempt += 1) {
      const sent = options.phase();
      const answer = await request(options.url, {
        method: "POST",
        ca: options.ca,
        headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, "content-type": EVENTS_V1 },
        body,
      }).then(
        (res): Answer => ({
          envelope,
          status: res.status,
          retryAfter: res.headers["retry-after"] as string | undefined,
          body: res.json ?? res.text,
          sent,
          phase: options.phase(),
        }),
        (err: Error): Answer => ({ envelope, status: 0, body: err.message, sent, phase: options.phase() }),
      );
      answers.push(answer);
      if (answer.status >= 200 && answer.status < 300) {
        accepted.set(envelope, answer);
        return;
      }
      await sleep(options.backoffMs);
    }
    throw new Error(`envelope ${envelope} not accepted after ${options.maxAttempts} attempts`);
  };
  const lane = async () => {
    while (next < envelopes.length) await deliver((next += 1) - 1);
  };
  const done = Promise.all(Array.from({ length: options.concurrency }, lane)).then(() => undefined);
  return { answers, accepted, done };
}
