// Samples the resident memory of drec and of its embedded FerretDB while the benchmark runs.
import { rssBytes } from "./proc";

/** Peak resident memory in bytes of drec (the Node process) and of its database child. */
export interface RssPeaks {
  drec: number;
  ferretdb: number;
}

/** The processes to sample; read at every sample, so a restarted drec is followed. */
export interface SampledProcesses {
  readonly pid: number;
  readonly ferretPid: number | undefined;
}

/** Periodic RSS sampler with an overall peak and a resettable per-phase peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private overall: RssPeaks = { drec: 0, ferretdb: 0 };
  private phase: RssPeaks = { drec: 0, ferretdb: 0 };

  constructor(
    private readonly target: SampledProcesses,
    private readonly intervalMs = 100,
  ) {}

  /** Starts sampling; the timer does not keep the process alive. */
  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Starts a new phase: the next phasePeak() covers only samples from now on. */
  resetPhase(): void {
    this.phase = { drec: 0, ferretdb: 0 };
    this.sample();
  }

  /** Peak RSS since the last resetPhase(). */
  phasePeak(): RssPeaks {
    this.sample();
    return { ...this.phase };
  }

  /** Peak RSS over the whole run. */
  overallPeak(): RssPeaks {
    return { ...this.overall };
  }

  private sample(): void {
    const { pid, ferretPid } = this.target;
    const drec = rssBytes(pid) ?? 0;
    const ferretdb = ferretPid === undefined ? 0 : (rssBytes(ferretPid) ?? 0);
    for (const peaks of [this.overall, this.phase]) {
      peaks.drec = Math.max(peaks.drec, drec);
      peaks.ferretdb = Math.max(peaks.ferretdb, ferretdb);
    }
  }
}
