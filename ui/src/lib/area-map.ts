// The face / body map above the session form's treated areas: which areas sit where (in the
// order Tab reaches them), which are covered by a chosen area ("full face" includes the
// cheeks), and picking an area into the session's rows. A spot's x / y are percent of its
// outline's width / height, as the viewer sees it (the patient's left cheek is on the right).
import type { Area } from "../bindings/Area";
import type { MapView } from "../bindings/MapView";
import { newAreaRow, type AreaRow } from "./session-form";

export const MAP_VIEWS: { value: MapView; label: string }[] = [
  { value: "face", label: "Face" },
  { value: "body", label: "Body" },
];

export const mapViewLabel = (v: MapView) => MAP_VIEWS.find((m) => m.value === v)?.label ?? v;

export interface MapLayout {
  /** Placed areas by outline, top to bottom, then left to right. */
  face: Area[];
  body: Area[];
  /** Areas with no spot, in the clinic's order. */
  unplaced: Area[];
}

/**
 * The areas the map offers: the non-archived ones, plus archived ones already chosen in this
 * session (so a stored choice still shows as chosen).
 */
export function mapLayout(areas: Area[], chosen: readonly string[] = []): MapLayout {
  const offered = areas.filter((a) => !a.archived || chosen.includes(a.id));
  const placed = (view: MapView) =>
    offered
      .filter((a) => a.map?.view === view)
      .sort((a, b) => a.map!.y - b.map!.y || a.map!.x - b.map!.x);
  return { face: placed("face"), body: placed("body"), unplaced: offered.filter((a) => !a.map) };
}

/** The chosen area that includes each area not chosen itself: area id → its name. */
export function coveredBy(areas: Area[], chosen: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const parent of areas.filter((a) => chosen.includes(a.id))) {
    for (const code of parent.includes) {
      const child = areas.find((a) => a.code === code);
      if (child && !chosen.includes(child.id) && !out.has(child.id)) out.set(child.id, parent.name);
    }
  }
  return out;
}

/** A row nothing has been chosen or typed in yet (device settings copied from above aside). */
const isBlank = (r: AreaRow) =>
  r.area_id === "" && (r.needle_depth_mm === null || r.needle_depth_mm === undefined || String(r.needle_depth_mm) === "");

/**
 * Picks an area from the map and returns the index of its row: the row that already has it
 * (nothing is added twice), else the first blank row (a new session's empty first row), else
 * a new row made like "Add area" does, with the area set.
 */
export function pickArea(rows: AreaRow[], areaId: string): number {
  const existing = rows.findIndex((r) => r.area_id === areaId);
  if (existing >= 0) return existing;
  const blank = rows.findIndex(isBlank);
  if (blank >= 0) {
    rows[blank].area_id = areaId;
    return blank;
  }
  rows.push({ ...newAreaRow(rows[rows.length - 1]), area_id: areaId });
  return rows.length - 1;
}

const SHOWN_KEY = "dermalog.areaMap.shown";

/** Whether the map is shown (remembered on this machine; shown unless hidden before). */
export function mapShown(): boolean {
  try {
    return localStorage.getItem(SHOWN_KEY) !== "no";
  } catch {
    return true;
  }
}

export function rememberMapShown(shown: boolean): void {
  try {
    localStorage.setItem(SHOWN_KEY, shown ? "yes" : "no");
  } catch {
    // Storage can be unavailable (private mode); the map then starts shown.
  }
}
