// Fault injection for ingest tests, through the `Faults` hooks around every write (ingest-deps.ts).
import type { Faults } from "../../src/ingest/ingest-deps";
import { buildEnvelope, type RawEvent } from "./builders";
import type { TestApp } from "./harness";
import type { TestResponse } from "./http";
import { backlogDrained, buildDeleteTag, deliver } from "./ingest-builders";

/** Simulates a process crash right after a named write: that write and every later one fail. */
export class Crash implements Faults {
  armed: string | undefined;
  crashed = false;
  private skip = 0;
  readonly seen = new Set<string>();
  beforeWrite = (step: string) => {
    if (this.crashed) throw new Error(`crashed before ${step}`);
  };
  afterWrite = (step: string) => {
    this.seen.add(step);
    if (step !== this.armed) return;
    if (this.skip > 0) {
      this.skip -= 1;
      return;
    }
    this.crashed = true;
    throw new Error(`injected crash after ${step}`);
  };
  /** Crashes after the write named `step`, letting the first `skip` such writes through. */
  arm(step: string, skip = 0) {
    this.armed = step;
    this.crashed = false;
    this.skip = skip;
  }
  disarm() {
    this.armed = undefined;
    this.crashed = false;
  }
}

/** Fails the first write of a given step once, like a database hiccup, then lets everything through. */
export class FailOnce implements Faults {
  private failed = false;
  constructor(private step: string) {}
  afterWrite = (step: string) => {
    if (step !== this.step || this.failed) return;
    this.failed = true;
    throw new Error(`injected failure after ${step}`);
  };
  /** Fails the next write of `step` once. */
  arm(step: string) {
    this.step = step;
    this.failed = false;
  }
}

/**
 * Holds the applier before it claims its next batch while closed, so the events posted meanwhile all
 * wait in its queue and form one batch when it opens. Chains another fault's hooks.
 */
export class Gate implements Faults {
  private opened: Promise<void> | undefined;
  private release: (() => void) | undefined;
  constructor(private readonly inner: Faults = {}) {}
  close() {
    this.opened = new Promise((resolve) => (this.release = resolve));
  }
  open() {
    this.release?.();
    this.opened = undefined;
  }
  beforeWrite = async (step: string) => {
    if (step === "ledger.batch" && this.opened) await this.opened;
    await this.inner.beforeWrite?.(step);
  };
  afterWrite = async (step: string) => {
    await this.inner.afterWrite?.(step);
  };
}

/**
 * Delivers `events` in one envelope while the gate holds the applier behind a plug event (a tag delete
 * of `plugRepository`, which writes no counted document), then opens it: the events are applied as one
 * batch (deletes still run alone). Resolves with the answer once the backlog is drained (needs
 * `ingest.acknowledge: stored`: with "applied" the answer would wait for the closed gate).
 */
export async function deliverAsOneBatch(
  app: TestApp,
  gate: Gate,
  plugRepository: string,
  events: RawEvent[],
): Promise<TestResponse> {
  gate.close();
  try {
    await deliver(app, buildEnvelope([buildDeleteTag(plugRepository)]));
    return await deliver(app, buildEnvelope(events));
  } finally {
    gate.open();
    await backlogDrained(app);
  }
}
