// Linux /proc readers: resident memory and CPU time of a process, and its child processes.
import fs from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat CPU fields (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Resident set size of `pid` in bytes (VmRSS), or undefined when the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface ProcStat {
  /** One letter: R running, S sleeping, Z zombie, ... */
  state: string;
  ppid: number;
  comm: string;
  /** User plus system CPU time in seconds. */
  cpuSeconds: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may contain spaces; fields after it are space-separated.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // fields[0] is state (field 3), so field n is fields[n - 3]: ppid 4, utime 14, stime 15.
    return {
      state: fields[0],
      ppid: Number(fields[1]),
      comm,
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) `pid` has used so far, or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  return readStat(pid)?.cpuSeconds;
}

/** Whether `pid` exists and has not exited (a zombie, exited but not yet reaped, counts as exited). */
export function running(pid: number): boolean {
  const state = readStat(pid)?.state;
  return state !== undefined && state !== "Z" && state !== "X";
}

/** Pids of the direct children of `parent`. */
export function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (readStat(pid)?.ppid === parent) pids.push(pid);
  }
  return pids;
}

/** The short command name of `pid` (as in /proc/<pid>/stat), or undefined. */
export function commandName(pid: number): string | undefined {
  return readStat(pid)?.comm;
}
