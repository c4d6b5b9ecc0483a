// A patient's history per treated area: for each area, the sessions that treated it (oldest
// first) with the depth used, the device, the serums applied there and the highest reaction
// that followed. A reaction recorded on an area counts for that area only; one recorded
// without an area counts for every area of its session. Also the Chart.js config of one area.
import type { ChartConfiguration } from "chart.js";
import type { Reaction } from "../../bindings/Reaction";
import type { Session } from "../../bindings/Session";
import { GRADE_COLOURS } from "../charts";
import { deviceLabel } from "../labels";
import { formatInstantDate } from "../time";
import type { Words } from "./words";

export interface AreaVisit {
  sessionId: string;
  startedAt: string;
  /** The deepest setting on the area that session (an area may have several rows). */
  depthMm: number;
  /** "Derma pen (Generic Motorised pen, 0.25 mm steps)", several joined with ", ". */
  device: string;
  /** Serums applied to the whole session or to this area. */
  serum: string;
  /** The highest-graded reaction that counts for the area, or null when none was recorded. */
  highest: Reaction | null;
}

export interface AreaSeries {
  areaId: string;
  /** Oldest first. */
  visits: AreaVisit[];
}

const distinct = (items: string[]) => [...new Set(items.filter(Boolean))];

/** One entry per area the sessions treated, the most recently treated first. */
export function areaSeries(sessions: Session[], words: Words): AreaSeries[] {
  const byArea = new Map<string, AreaVisit[]>();
  const oldestFirst = [...sessions].sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : 0));
  for (const s of oldestFirst) {
    for (const areaId of distinct(s.areas.map((t) => t.area_id))) {
      const rows = s.areas.filter((t) => t.area_id === areaId);
      const counted = s.reactions.filter((r) => r.area_id === null || r.area_id === areaId);
      const visit: AreaVisit = {
        sessionId: s.id,
        startedAt: s.started_at,
        depthMm: Math.max(...rows.map((t) => t.needle_depth_mm)),
        device: distinct(rows.map((t) => {
          const model = words.modelName(t);
          return model ? `${deviceLabel(t.device_kind)} (${model})` : deviceLabel(t.device_kind);
        })).join(", "),
        serum: distinct(s.products
          .filter((p) => p.role === "serum" && (p.area_id === null || p.area_id === areaId))
          .map((p) => p.name)).join(", "),
        highest: counted.reduce<Reaction | null>((m, r) => (m === null || r.grade > m.grade ? r : m), null),
      };
      byArea.set(areaId, [...(byArea.get(areaId) ?? []), visit]);
    }
  }
  return [...byArea.entries()]
    .map(([areaId, visits]) => ({ areaId, visits }))
    .sort((a, b) => {
      const [la, lb] = [a.visits[a.visits.length - 1].startedAt, b.visits[b.visits.length - 1].startedAt];
      return la > lb ? -1 : la < lb ? 1 : 0;
    });
}

/** The colour of a reaction grade's marker; grades above the palette take its darkest. */
export function gradeColour(grade: number | null): string {
  if (grade === null) return "#ffffff";
  return GRADE_COLOURS[Math.min(Math.max(grade, 0), GRADE_COLOURS.length - 1)];
}

/** Depth over time as a line, with the highest reaction as coloured points on a 0–4 axis. */
export function areaChartConfig(series: AreaSeries): ChartConfiguration<"line"> {
  const grades = series.visits.map((v) => v.highest?.grade ?? null);
  // Markers that still read as separate points in a long history.
  const dense = series.visits.length > 40;
  return {
    type: "line",
    data: {
      labels: series.visits.map((v) => formatInstantDate(v.startedAt)),
      datasets: [
        {
          label: "Needle depth (mm)",
          data: series.visits.map((v) => v.depthMm),
          borderColor: "#0f766e",
          backgroundColor: "#0f766e",
          pointRadius: dense ? 0 : 2,
          tension: 0,
          yAxisID: "y",
        },
        {
          label: "Highest reaction grade",
          data: grades,
          showLine: false,
          pointRadius: dense ? 2.5 : 5,
          pointBorderColor: "#1f2933",
          pointBorderWidth: 1,
          pointBackgroundColor: grades.map(gradeColour),
          backgroundColor: GRADE_COLOURS[2],
          borderColor: "#1f2933",
          yAxisID: "grade",
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: { beginAtZero: true, title: { display: true, text: "mm" } },
        grade: {
          position: "right", min: 0, suggestedMax: 4, ticks: { stepSize: 1 },
          grid: { drawOnChartArea: false }, title: { display: true, text: "grade" },
        },
      },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    },
  };
}
