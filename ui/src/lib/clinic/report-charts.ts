// Chart.js configurations for the reports. Every chart is drawn from the same numbers as the
// table beside it (the table is what screen readers and tests read), so these only shape
// data: labels, one dataset per series, colours, stacking.
import type { ChartConfiguration } from "chart.js";
import type { MonthCount } from "../../bindings/MonthCount";
import type { ProtocolDue } from "../../bindings/ProtocolDue";
import type { ReactionReport } from "../../bindings/ReactionReport";
import type { ReportReactionType } from "../../bindings/ReportReactionType";
import { gradeColour, gradeCounts, monthLabel } from "./format";

/** Chart labels stay short; the table beside the chart has the whole name. */
export function shortLabel(label: string, max = 32): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Height of a horizontal bar chart with `bars` bars: room for each, within the page. */
export function barsHeight(bars: number): string {
  return `${Math.min(520, Math.max(160, 80 + 38 * bars))}px`;
}

export interface GradeShares {
  /** "All sessions" first, then the report's groups. */
  labels: string[];
  /** One series per grade of 1 or more: the share (%) of each group's sessions at that highest grade. */
  series: { grade: number; label: string; colour: string; shares: number[] }[];
}

/** Shares of sessions by highest grade of `type`, per group: the reaction chart's numbers. */
export function gradeShares(report: ReactionReport, type: ReportReactionType): GradeShares {
  const groups = [report.overall, ...report.groups];
  const maxGrade = Math.max(0, ...type.grades.map((g) => g.grade));
  const series = type.grades
    .filter((g) => g.grade >= 1)
    .map((g) => ({
      grade: g.grade,
      label: `${g.grade}${g.label && g.label !== String(g.grade) ? ` ${g.label}` : ""}`,
      colour: gradeColour(g.grade, maxGrade),
      shares: groups.map((group) => {
        const n = gradeCounts(group, type).find((c) => c.grade === g.grade)?.sessions ?? 0;
        return group.sessions === 0 ? 0 : Math.round((n * 1000) / group.sessions) / 10;
      }),
    }));
  return { labels: groups.map((g) => g.label), series };
}

const percentAxis = {
  stacked: true,
  beginAtZero: true,
  ticks: { callback: (v: string | number) => `${v}%` },
};

/** Stacked horizontal bars: per group, the share of sessions at each highest grade. */
export function reactionChart(shares: GradeShares, typeName: string): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: shares.labels.map((l) => shortLabel(l)),
      datasets: shares.series.map((s) => ({
        label: `Grade ${s.label}`, data: s.shares, backgroundColor: s.colour, stack: "grades",
      })),
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: "bottom" },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.x}% of sessions (${typeName})` } },
      },
      scales: { x: percentAxis, y: { stacked: true } },
    },
  };
}

/** Bars: sessions per month. */
export function monthChart(months: MonthCount[]): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: months.map((m) => monthLabel(m.month)),
      datasets: [{ label: "Sessions", data: months.map((m) => m.sessions), backgroundColor: "#0f766e" }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}

/** Stacked horizontal bars: per protocol, courses overdue and due soon. */
export function coursesDueChart(byProtocol: ProtocolDue[]): ChartConfiguration {
  return {
    type: "bar",
    data: {
      labels: byProtocol.map((p) => shortLabel(p.label)),
      datasets: [
        { label: "Overdue", data: byProtocol.map((p) => p.overdue), backgroundColor: "#b42318", stack: "due" },
        { label: "Due soon", data: byProtocol.map((p) => p.due_soon), backgroundColor: "#f0c419", stack: "due" },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: "bottom" } },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    },
  };
}
