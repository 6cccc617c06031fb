// What uPlot actually painted: the activity chart's bars found by colour in its canvas pixels, and
// the plot area they must stay in. Reading pixels (not uPlot's own positions) is what catches bars
// that are computed fine but drawn off the plot and clipped away.
import type { Page } from "playwright-core";

/** A rectangle in CSS pixels of the page. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The plot area and every bar of each series, left to right. */
export interface ChartBars {
  plot: Box;
  pulls: Box[];
  pushes: Box[];
}

/** The series colours of web/src/components/ActivityChart.tsx as RGB. */
const COLOURS = { pulls: [0x1d, 0x4e, 0xd8], pushes: [0xb4, 0x53, 0x09] } as const;

type Rgb = readonly number[];
/** A bar in canvas pixels: first and last column, top and bottom row (inclusive). */
type Run = [x0: number, x1: number, y0: number, y1: number];

/** The little of the canvas API the scan uses; the root tsconfig has no DOM types. */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}

/** Runs in the page: per colour, the runs of adjacent columns holding that colour, with their rows. */
function scanColumns(element: unknown, colours: Rgb[]): Run[][] {
  const canvas = element as Canvas;
  const { width, height } = canvas;
  const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
  // Bar edges are anti-aliased when uPlot stops snapping them to pixels; the bodies are exact.
  const near = (i: number, [r, g, b]: Rgb) =>
    Math.abs(pixels[i] - r) <= 8 && Math.abs(pixels[i + 1] - g) <= 8 && Math.abs(pixels[i + 2] - b) <= 8;
  return colours.map((colour) => {
    const runs: Run[] = [];
    let open: Run | null = null;
    for (let x = 0; x < width; x += 1) {
      let top = -1;
      let bottom = -1;
      for (let y = 0; y < height; y += 1) {
        if (!near((y * width + x) * 4, colour)) continue;
        if (top < 0) top = y;
        bottom = y;
      }
      if (top < 0) {
        open = null;
        continue;
      }
      if (open) {
        open[1] = x;
        open[2] = Math.min(open[2], top);
        open[3] = Math.max(open[3], bottom);
      } else {
        open = [x, x, top, bottom];
        runs.push(open);
      }
    }
    return runs;
  });
}

/** Reads the bars painted in the open page's activity chart, in page CSS pixels. */
export async function readChartBars(page: Page): Promise<ChartBars> {
  const canvas = page.locator(".chart .uplot canvas");
  const [canvasBox, plotBox, size] = await Promise.all([
    canvas.boundingBox(),
    page.locator(".chart .uplot .u-over").boundingBox(),
    canvas.evaluate((element: unknown) => {
      const { width, height } = element as Canvas;
      return { width, height };
    }),
  ]);
  if (!canvasBox || !plotBox) throw new Error("the chart is not rendered");
  const [pulls, pushes] = await canvas.evaluate(scanColumns, [COLOURS.pulls, COLOURS.pushes]);
  // The canvas has devicePixelRatio pixels per CSS pixel.
  const sx = canvasBox.width / size.width;
  const sy = canvasBox.height / size.height;
  const toBox = ([x0, x1, y0, y1]: Run): Box => ({
    left: canvasBox.x + x0 * sx,
    right: canvasBox.x + (x1 + 1) * sx,
    top: canvasBox.y + y0 * sy,
    bottom: canvasBox.y + (y1 + 1) * sy,
  });
  return {
    plot: {
      left: plotBox.x,
      top: plotBox.y,
      right: plotBox.x + plotBox.width,
      bottom: plotBox.y + plotBox.height,
    },
    pulls: pulls.map(toBox),
    pushes: pushes.map(toBox),
  };
}

/** True when `inner` lies within `outer` (half a pixel of rounding allowed). */
export const inside = (inner: Box, outer: Box): boolean =>
  inner.left >= outer.left - 0.5 &&
  inner.right <= outer.right + 0.5 &&
  inner.top >= outer.top - 0.5 &&
  inner.bottom <= outer.bottom + 0.5;
