import { useEffect, useRef } from "preact/hooks";
import type uPlot from "uplot";
import type { DailyActivity } from "../api/types";
import { formatCount } from "../lib/format";

interface Props {
  activity: DailyActivity[];
  days: number;
}

const HEIGHT = 240;
const DAY_SECONDS = 86_400;
const PULLS = "#1d4ed8";
const PUSHES = "#b45309";
const AXIS = "#475569";
const GRID = "#e2e8f0";
const INTEGER_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6, 1e7, 1e8, 1e9,
];

/** [x: UTC midnights in seconds, pulls, pushes], as uPlot wants its columns. */
function columns(activity: DailyActivity[]): uPlot.AlignedData {
  return [
    activity.map((day) => Date.parse(`${day.date}T00:00:00Z`) / 1000),
    activity.map((day) => day.pullCount),
    activity.map((day) => day.pushCount),
  ];
}

type UPlot = typeof uPlot;

// uPlot and its stylesheet load with the first chart, so the list page does not wait for them.
const loadUPlot = async (): Promise<UPlot> => {
  const [module] = await Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]);
  return module.default;
};

function options(lib: UPlot, width: number): uPlot.Options {
  const bars = lib.paths.bars;
  return {
    width,
    height: HEIGHT,
    // Activity days are UTC days: label them as such whatever the browser's time zone.
    tzDate: (ts) => lib.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: {
      // A day's pulls stand left of its midnight and its pushes right of it, each up to half a day
      // wide: without half a day of room at both ends, the first day's pulls and the last day's
      // pushes are drawn off the plot and clipped away.
      x: { time: true, range: (_u, min, max) => [min - DAY_SECONDS / 2, max + DAY_SECONDS / 2] },
      y: { range: (_u, _min, max) => [0, Math.max(4, max)] },
    },
    axes: [
      { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID } },
      {
        stroke: AXIS,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID },
        incrs: INTEGER_STEPS,
        values: (_u, splits) => splits.map((v) => formatCount(v)),
        size: 48,
      },
    ],
    series: [
      {
        label: "Day",
        value: (_u, ts) => (ts == null ? "–" : new Date(ts * 1000).toISOString().slice(0, 10)),
      },
      {
        label: "Pulls",
        stroke: PULLS,
        fill: PULLS,
        width: 0,
        paths: bars?.({ size: [0.42, 18], align: -1 }),
        points: { show: false },
        value: (_u, v) => (v == null ? "–" : formatCount(v)),
      },
      {
        label: "Pushes",
        stroke: PUSHES,
        fill: PUSHES,
        width: 0,
        paths: bars?.({ size: [0.42, 18], align: 1 }),
        points: { show: false },
        value: (_u, v) => (v == null ? "–" : formatCount(v)),
      },
    ],
    legend: { live: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
  };
}

/** Daily pulls and pushes as bars, drawn by uPlot, resized with its container. */
export function ActivityChart({ activity, days }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  const latest = useRef(activity);
  latest.current = activity;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadUPlot().then((UPlot) => {
      if (disposed) return;
      const plot = new UPlot(options(UPlot, element.clientWidth), columns(latest.current), element);
      chart.current = plot;
      observer = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height: HEIGHT }));
      observer.observe(element);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setData(columns(activity));
  }, [activity]);

  const pulls = activity.reduce((sum, day) => sum + day.pullCount, 0);
  const pushes = activity.reduce((sum, day) => sum + day.pushCount, 0);
  const summary = `${formatCount(pulls)} pulls and ${formatCount(pushes)} pushes in the last ${days} days`;
  return (
    <figure class="chart">
      <div
        class="chart-canvas"
        ref={container}
        role="img"
        aria-label={`Daily pulls and pushes: ${summary}`}
      />
      <figcaption class="chart-caption" data-chart-summary>
        {summary} (UTC days)
      </figcaption>
    </figure>
  );
}
