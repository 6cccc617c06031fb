// Reads a V8 .cpuprofile (node --cpu-prof) and the driver-timing probe's output into short summaries.
import fs from "node:fs";
import path from "node:path";

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** Self time of one function or one package in a CPU profile. */
export interface ProfileEntry {
  name: string;
  selfMs: number;
  percent: number;
}

/** The busiest functions and packages of drec's CPU profile. */
export interface ProfileSummary {
  file: string;
  wallMs: number;
  /** CPU-busy share of the profiled time (everything but "(idle)"). */
  busyPercent: number;
  functions: ProfileEntry[];
  packages: ProfileEntry[];
}

/** Round-trip timings of database commands as drec's driver saw them (from the probe). */
export interface CommandTiming {
  command: string;
  count: number;
  /** Documents or statements the commands carried (insert, update, delete); 1 per other command. */
  statements: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
}

// "node_modules/@apollo/server/dist/…" → "@apollo/server"; drec's own code and Node internals by name.
function packageOf(frame: CpuProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const marker = "/node_modules/";
  const at = url.lastIndexOf(marker);
  if (at >= 0) {
    const parts = url.slice(at + marker.length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes("/dist/src/")) return `drec ${url.slice(url.indexOf("/dist/src/") + 10).split("/")[0]}`;
  if (url.startsWith("node:")) return "node (core)";
  return "other";
}

function where(frame: CpuProfileNode["callFrame"]): string {
  const file = frame.url ? path.basename(frame.url.replace(/^file:\/\//, "")) : "";
  return file ? `${file}:${frame.lineNumber + 1}` : "";
}

function top(map: Map<string, number>, totalMs: number, count: number): ProfileEntry[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, selfMs]) => ({ name, selfMs, percent: (100 * selfMs) / totalMs }));
}

/** Summarizes the newest .cpuprofile in `dir`; undefined when there is none. */
export function summarizeCpuProfile(dir: string, count = 15): ProfileSummary | undefined {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  if (files.length === 0) return undefined;
  const file = path.join(dir, files.sort().pop() as string);
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const samples = profile.samples?.length ?? profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const perSample = samples > 0 ? wallMs / samples : 0;
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let idleMs = 0;
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * perSample;
    if (ms === 0) continue;
    const frame = node.callFrame;
    if (frame.functionName === "(idle)") idleMs += ms;
    const name = `${frame.functionName || "(anonymous)"} ${where(frame)}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = packageOf(frame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const busyMs = wallMs - idleMs;
  functions.delete("(idle)");
  packages.delete("(idle)");
  return {
    file,
    wallMs,
    busyPercent: (100 * busyMs) / wallMs,
    functions: top(functions, busyMs, count),
    packages: top(packages, busyMs, count),
  };
}

/** Reads the probe's command timings, busiest first; empty when the file is missing. */
export function readCommandTimings(file: string): CommandTiming[] {
  if (!fs.existsSync(file)) return [];
  const timings = JSON.parse(fs.readFileSync(file, "utf8")) as CommandTiming[];
  return timings.sort((a, b) => b.totalMs - a.totalMs);
}
