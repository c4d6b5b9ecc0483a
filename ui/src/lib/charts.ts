// Chart.js, registered once with only the parts Dermalog draws (bars, lines, points), so
// the bundle stays small. Every chart in the app comes from `drawChart`, which does nothing
// where there is no 2D canvas (component tests under jsdom): each chart also has a data
// table beside it, which is what tests and screen readers read.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
);

/** Draws `config` on `canvas`; returns the chart (destroy it when done) or null without 2D. */
export function drawChart(canvas: HTMLCanvasElement, config: ChartConfiguration): Chart | null {
  let context: CanvasRenderingContext2D | null = null;
  try {
    context = canvas.getContext("2d");
  } catch {
    context = null;
  }
  if (!context) return null;
  return new Chart(context, { ...config, options: { animation: false, ...config.options } });
}

/** Svelte action: `use:chart={config}`; redraws when the config changes. */
export function chart(canvas: HTMLCanvasElement, config: ChartConfiguration) {
  let current = drawChart(canvas, config);
  return {
    update(next: ChartConfiguration) {
      current?.destroy();
      current = drawChart(canvas, next);
    },
    destroy() {
      current?.destroy();
    },
  };
}

/** Colours for reaction grades 0..4 (none → severe), readable on white and in print. */
export const GRADE_COLOURS = ["#9aa5b1", "#f0c419", "#f08a24", "#d64545", "#7b1e1e"];
