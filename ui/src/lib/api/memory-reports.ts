// In-memory mirror of core `recall::by_lot`, `reports::*` and `export::csv`.
// OWNER: clinic-screens helper. Keep the semantics of src-tauri/core/src/reports/ and recall.rs.
// The core reads reports from counts kept per month (migration 0008); here the same facts are
// derived from the sessions on every call, which is plenty for tests and browser previews.
import type { AuditQuery } from "../../bindings/AuditQuery";
import type { Area } from "../../bindings/Area";
import type { CoursesDueReport } from "../../bindings/CoursesDueReport";
import type { CsvRequest } from "../../bindings/CsvRequest";
import type { Dimension } from "../../bindings/Dimension";
import type { DueCourse } from "../../bindings/DueCourse";
import type { ExportDone } from "../../bindings/ExportDone";
import type { MonthCount } from "../../bindings/MonthCount";
import type { Patient } from "../../bindings/Patient";
import type { ProtocolDue } from "../../bindings/ProtocolDue";
import type { ReactionReport } from "../../bindings/ReactionReport";
import type { RecallHit } from "../../bindings/RecallHit";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { ReportGroup } from "../../bindings/ReportGroup";
import type { ReportPeriod } from "../../bindings/ReportPeriod";
import type { ReportReactionType } from "../../bindings/ReportReactionType";
import type { Session } from "../../bindings/Session";
import { deviceLabel } from "../labels";
import { Invalid } from "./memory-reference";
import { PAGE_MAX, searchSessions } from "./memory-search";

export interface ReportData {
  reference: ReferenceData;
  patients: Map<string, Patient>;
  sessions: Iterable<Session>;
}

/** What an export reads besides the request: the records, the due list and the day. */
export interface ExportData extends ReportData {
  /** Courses due soon or overdue today (the backend's due list). */
  due: DueCourse[];
  /** Today, `YYYY-MM-DD`, for the suggested file name. */
  today: string;
  /** The number of audit rows a viewer's filters select (paging ignored). */
  auditRows?: (query: AuditQuery) => number;
}

/** Rust's `String` order (bytewise), so labels sort as the core sorts them. */
const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every use of `lot`, newest first: one row per session and product name, and one per session
 * for its cartridge, naming the areas it was used on.
 */
export function recallLot(
  lot: string, patients: Map<string, Patient>, sessions: Iterable<Session>, areas: Area[],
): RecallHit[] {
  const wanted = lot.trim();
  const areaName = (id: string) => areas.find((a) => a.id === id)?.name ?? "";
  const hits: RecallHit[] = [];
  for (const s of sessions) {
    const p = patients.get(s.patient_id);
    if (!p) continue;
    const uses: [RecallHit["used_as"], string][] = [];
    for (const name of new Set(s.products.filter((x) => x.lot === wanted).map((x) => x.name))) {
      uses.push(["product", name]);
    }
    const cartridge = s.areas.filter((a) => a.cartridge_lot === wanted);
    if (cartridge.length) uses.push(["cartridge", cartridge.map((a) => areaName(a.area_id)).join(", ")]);
    for (const [used_as, what] of uses) {
      hits.push({
        session_id: s.id, started_at: s.started_at, used_as, what, patient_id: p.id,
        given_name: p.given_name, family_name: p.family_name, mrn: p.mrn, phone: p.phone, email: p.email,
      });
    }
  }
  return hits.sort((a, b) => bytewise(b.started_at, a.started_at) || bytewise(a.session_id, b.session_id));
}

/** Longest period a report covers, as in the core. */
const MAX_MONTHS = 240;

/** A checked period as month indexes (year * 12 + month - 1), or `Invalid` like the core. */
function months(period: ReportPeriod): [number, number] {
  const parse = (field: string, s: string) => {
    const m = /^(\d{4})-(\d{1,2})$/.exec(s.trim());
    const month = m ? Number(m[2]) : 0;
    if (!m || month < 1 || month > 12) {
      throw new Invalid([{ field, message: "Enter a month as YYYY-MM, for example 2026-03." }]);
    }
    return Number(m[1]) * 12 + month - 1;
  };
  const from = parse("from_month", period.from_month);
  const to = parse("to_month", period.to_month);
  if (to < from) {
    throw new Invalid([{
      field: "to_month", message: "The last month is before the first. Swap them or pick a later month.",
    }]);
  }
  if (to - from + 1 > MAX_MONTHS) {
    throw new Invalid([{ field: "to_month", message: "Choose a period of at most 20 years." }]);
  }
  return [from, to];
}

const monthText = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;

/** Sessions whose UTC start month is in the period (`started_at` is stored in UTC). */
function inPeriod(sessions: Iterable<Session>, from: number, to: number): Session[] {
  const [a, b] = [monthText(from), monthText(to)];
  return [...sessions].filter((s) => {
    const m = s.started_at.slice(0, 7);
    return m >= a && m <= b;
  });
}

/** Depth bands by the deepest area, in micrometres as the core stores depths. */
function depthBand(s: Session): string | null {
  if (s.areas.length === 0) return null;
  const um = Math.max(...s.areas.map((a) => Math.round(a.needle_depth_mm * 1000)));
  if (um <= 500) return "to_0_5";
  if (um <= 1000) return "to_1_0";
  if (um <= 1500) return "to_1_5";
  if (um <= 2000) return "to_2_0";
  return "over_2_0";
}

/** The groups of `dimension` a session is in (the view `session_report_key`). */
function keysOf(s: Session, dimension: Dimension, patient: Patient | undefined): Set<string> {
  switch (dimension) {
    case "device_kind":
      return new Set(s.areas.map((a) => a.device_kind));
    case "device_model":
      return new Set(s.areas.map((a) => {
        if (a.device_model_id !== null) return `id:${a.device_model_id}`;
        const text = (a.device_model ?? "").trim();
        return text ? `text:${text}` : "";
      }));
    case "serum":
      return new Set(s.products.filter((p) => p.role === "serum")
        .map((p) => (p.product_id !== null ? `id:${p.product_id}` : `text:${p.name.trim()}`)));
    case "depth_band": {
      const band = depthBand(s);
      return new Set(band === null ? [] : [band]);
    }
    case "fitzpatrick":
      return patient ? new Set([patient.fitzpatrick === null ? "" : String(patient.fitzpatrick)]) : new Set();
  }
}

const HEADINGS: Record<Dimension, string> = {
  device_kind: "Device type",
  device_model: "Device model",
  serum: "Serum",
  depth_band: "Deepest depth",
  fitzpatrick: "Fitzpatrick type",
};

const DEPTH_BANDS: Record<string, string> = {
  to_0_5: "0.5 mm or less",
  to_1_0: "over 0.5 to 1.0 mm",
  to_1_5: "over 1.0 to 1.5 mm",
  to_2_0: "over 1.5 to 2.0 mm",
  over_2_0: "over 2.0 mm",
};

const ROMAN = ["I", "II", "III", "IV", "V", "VI"];

/** What the clinic reads for a group key (the core's `label`). */
function label(reference: ReferenceData, dimension: Dimension, key: string): string {
  switch (dimension) {
    case "device_kind":
      return deviceLabel(key as Parameters<typeof deviceLabel>[0]) || key;
    case "device_model":
    case "serum": {
      if (key.startsWith("text:")) return key.slice("text:".length);
      const id = key.startsWith("id:") ? key.slice("id:".length) : null;
      if (dimension === "serum") return reference.products.find((p) => p.id === id)?.name ?? "Not recorded";
      const model = reference.device_models.find((m) => m.id === id);
      return model ? `${model.manufacturer} ${model.model}`.trim() : "Not recorded";
    }
    case "depth_band":
      return DEPTH_BANDS[key] ?? key;
    case "fitzpatrick":
      return /^[1-6]$/.test(key) ? `Type ${ROMAN[Number(key) - 1]}` : "Not assessed";
  }
}

/** A group's counts as it fills: sessions, and sessions per (reaction type, highest grade). */
class Tally {
  sessions = 0;
  cells = new Map<string, number>();

  add(worst: Map<string, number>) {
    this.sessions += 1;
    for (const [type, grade] of worst) {
      const k = `${type}\u0000${grade}`;
      this.cells.set(k, (this.cells.get(k) ?? 0) + 1);
    }
  }

  group(key: string, label: string): ReportGroup {
    const cells = [...this.cells].map(([k, sessions]) => {
      const [reaction_type_id, grade] = k.split("\u0000");
      return { reaction_type_id, grade: Number(grade), sessions };
    });
    // The core's GROUP BY order: reaction type id, then grade.
    cells.sort((a, b) => bytewise(a.reaction_type_id, b.reaction_type_id) || a.grade - b.grade);
    return { key, label, sessions: this.sessions, cells };
  }
}

/** Highest grade per reaction type of a session (the view `session_report_worst`). */
function worstOf(s: Session): Map<string, number> {
  const worst = new Map<string, number>();
  for (const r of s.reactions) worst.set(r.reaction_type_id, Math.max(worst.get(r.reaction_type_id) ?? r.grade, r.grade));
  return worst;
}

/** The clinic's reaction types with their default scale's grades, plus any other grade seen. */
function reactionTypes(reference: ReferenceData, overall: ReportGroup): ReportReactionType[] {
  return reference.reaction_types
    .filter((t) => !t.archived || overall.cells.some((c) => c.reaction_type_id === t.id))
    .map((t) => {
      const scale = reference.reaction_scales.find((s) => s.id === t.default_scale_id);
      const grades = [];
      if (scale) {
        for (let g = scale.min_grade; g <= scale.max_grade; g++) {
          grades.push({ grade: g, label: scale.labels[g - scale.min_grade] ?? "" });
        }
      }
      for (const c of overall.cells.filter((c) => c.reaction_type_id === t.id)) {
        if (!grades.some((g) => g.grade === c.grade)) grades.push({ grade: c.grade, label: `grade ${c.grade}` });
      }
      grades.sort((a, b) => a.grade - b.grade);
      return { id: t.id, name: t.name, grades };
    });
}

export function reactionReport(dimension: Dimension, period: ReportPeriod, data: ReportData): ReactionReport {
  const [from, to] = months(period);
  const overall = new Tally();
  const groups = new Map<string, Tally>();
  for (const s of inPeriod(data.sessions, from, to)) {
    const worst = worstOf(s);
    overall.add(worst);
    for (const key of keysOf(s, dimension, data.patients.get(s.patient_id))) {
      let t = groups.get(key);
      if (!t) groups.set(key, (t = new Tally()));
      t.add(worst);
    }
  }
  const all = overall.group("", "All sessions");
  return {
    dimension,
    heading: HEADINGS[dimension],
    period: { from_month: monthText(from), to_month: monthText(to) },
    reaction_types: reactionTypes(data.reference, all),
    overall: all,
    groups: [...groups]
      .map(([key, t]) => t.group(key, label(data.reference, dimension, key)))
      .sort((a, b) => b.sessions - a.sessions || bytewise(a.label, b.label)),
  };
}

export function sessionsPerMonth(p: ReportPeriod, sessions: Iterable<Session>): MonthCount[] {
  const [from, to] = months(p);
  const counted = new Map<string, number>();
  for (const s of inPeriod(sessions, from, to)) {
    const m = s.started_at.slice(0, 7);
    counted.set(m, (counted.get(m) ?? 0) + 1);
  }
  const out: MonthCount[] = [];
  for (let i = from; i <= to; i++) out.push({ month: monthText(i), sessions: counted.get(monthText(i)) ?? 0 });
  return out;
}

export function coursesDueReport(due: DueCourse[], reference: ReferenceData): CoursesDueReport {
  // Option<NaiveDate> order: no date sorts first.
  const courses = [...due].sort((a, b) => b.course.days_overdue - a.course.days_overdue
    || bytewise(a.course.next_due_on ?? "", b.course.next_due_on ?? ""));
  const by = new Map<string, ProtocolDue>();
  let [dueSoon, overdue] = [0, 0];
  for (const c of courses) {
    const name = reference.protocols.find((p) => p.id === c.course.protocol_id)?.name ?? "No protocol";
    let entry = by.get(name);
    if (!entry) by.set(name, (entry = { label: name, due_soon: 0, overdue: 0 }));
    if (c.course.state === "overdue") {
      entry.overdue += 1;
      overdue += 1;
    } else {
      entry.due_soon += 1;
      dueSoon += 1;
    }
  }
  const by_protocol = [...by.values()].sort((a, b) =>
    b.due_soon + b.overdue - (a.due_soon + a.overdue) || bytewise(a.label, b.label));
  return { due_soon: dueSoon, overdue, by_protocol, courses };
}

const DIMENSION_FILES: Record<Dimension, string> = {
  device_kind: "device-type",
  device_model: "device-model",
  serum: "serum",
  depth_band: "depth",
  fitzpatrick: "fitzpatrick",
};

/** A lot number made safe for a file name (the core's `file_part`). */
export function filePart(s: string): string {
  const part = [...s.trim()].map((c) => (/^[A-Za-z0-9-]$/.test(c) ? c : "_")).slice(0, 40).join("");
  return part || "lot";
}

/** The export the core would write, without a file: its rows and `/tmp/<suggested name>`. */
export function exportCsv(request: CsvRequest, data: ExportData): ExportDone | null {
  const sessions = [...data.sessions];
  const rd: ReportData = { ...data, sessions };
  let name: string;
  let rows: number;
  switch (request.kind) {
    case "recall":
      if (!request.lot.trim()) throw new Invalid([{ field: "lot", message: "Enter the lot number to recall." }]);
      rows = recallLot(request.lot, data.patients, sessions, data.reference.areas).length;
      name = `recall-${filePart(request.lot)}`;
      break;
    case "sessions": {
      rows = 0;
      for (let offset = 0; ;) {
        const page = searchSessions(request.filter, { offset, limit: PAGE_MAX }, rd);
        rows += page.hits.length;
        offset += page.hits.length;
        if (page.hits.length < PAGE_MAX || offset >= page.total) break;
      }
      name = "sessions";
      break;
    }
    case "reactions": {
      const r = reactionReport(request.dimension, request.period, rd);
      const perGroup = r.reaction_types.reduce((n, t) => n + t.grades.length, 0);
      rows = (1 + r.groups.length) * perGroup;
      name = `reactions-by-${DIMENSION_FILES[request.dimension]}-${r.period.from_month}-to-${r.period.to_month}`;
      break;
    }
    case "sessions_per_month":
      rows = sessionsPerMonth(request.period, sessions).length;
      name = `sessions-per-month-${request.period.from_month.trim()}-to-${request.period.to_month.trim()}`;
      break;
    case "courses_due":
      rows = coursesDueReport(data.due, data.reference).courses.length;
      name = "courses-due";
      break;
    case "audit":
      rows = data.auditRows?.(request.query) ?? 0;
      name = "audit-trail";
      break;
  }
  return { path: `/tmp/${name}-${data.today}.csv`, rows };
}
