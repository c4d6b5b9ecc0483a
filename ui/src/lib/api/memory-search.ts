// In-memory mirror of core `sessions::search` (filters, order, paging, total cap).
// OWNER: history helper. Keep the semantics of src-tauri/core/src/sessions/search.rs.
// Text matching follows SQLite: `COLLATE NOCASE` and `LIKE` fold ASCII letters only, and a
// lot compares exactly (case included) once the filter is trimmed.
import type { DeviceKind } from "../../bindings/DeviceKind";
import type { FieldError } from "../../bindings/FieldError";
import type { Patient } from "../../bindings/Patient";
import type { PageRequest } from "../../bindings/PageRequest";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { SessionFilter } from "../../bindings/SessionFilter";
import type { SessionHit } from "../../bindings/SessionHit";
import type { SessionPage } from "../../bindings/SessionPage";
import { Invalid } from "./memory-reference";

export interface SearchData {
  reference: ReferenceData;
  patients: Map<string, Patient>;
  sessions: Iterable<Session>;
}

/** Totals above this are reported as "more than". */
export const TOTAL_CAP = 10_000;
/** Most hits in one page. */
export const PAGE_MAX = 500;
const TEXT_MAX = 100;

const KIND_LABELS: Record<DeviceKind, string> = {
  derma_pen: "Derma pen",
  derma_roller: "Derma roller",
  stamp: "Stamp",
  rf_microneedling: "RF microneedling",
};

/** SQLite's NOCASE: only A–Z fold. */
const nocase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
/** A text filter as the core reads it: trimmed, and none when empty. */
const text = (t: string | null | undefined) => {
  const v = (t ?? "").trim();
  return v === "" ? null : v;
};
const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function check(f: SessionFilter): void {
  const errors: FieldError[] = [];
  if (f.from && f.to && f.to < f.from) {
    errors.push({ field: "to", message: "The last day is before the first. Swap them or pick a later day." });
  }
  if (f.min_grade !== null && f.min_grade !== undefined && !(f.min_grade >= 0 && f.min_grade <= 10)) {
    errors.push({ field: "min_grade", message: "Choose a grade from 0 to 10." });
  }
  for (const field of ["lot", "product", "clinician"] as const) {
    if ([...(f[field] ?? "")].length > TEXT_MAX) {
      errors.push({ field, message: `Use at most ${TEXT_MAX} characters.` });
    }
  }
  if (errors.length) throw new Invalid(errors);
}

/** Area ids the filter's area stands for: itself and every area overlapping it. */
function overlapping(reference: ReferenceData, areaId: string): Set<string> {
  const chosen = reference.areas.find((a) => a.id === areaId);
  const ids = new Set([areaId]);
  if (!chosen) return ids;
  for (const a of reference.areas) {
    if (a.includes.includes(chosen.code) || chosen.includes.includes(a.code)) ids.add(a.id);
  }
  return ids;
}

function matcher(f: SessionFilter, reference: ReferenceData): (s: Session) => boolean {
  const lot = text(f.lot);
  const product = text(f.product);
  const clinician = text(f.clinician);
  const areas = f.area_id ? overlapping(reference, f.area_id) : null;
  const to = f.to ? nextDay(f.to) : null;
  const wantsReaction = f.reaction_type_id !== null && f.reaction_type_id !== undefined
    || f.min_grade !== null && f.min_grade !== undefined;
  const minGrade = f.min_grade ?? 1;
  return (s) =>
    (!f.patient_id || s.patient_id === f.patient_id)
    && (!f.from || s.started_at >= f.from)
    && (!to || s.started_at < to)
    && (lot === null || s.products.some((p) => p.lot === lot) || s.areas.some((a) => a.cartridge_lot === lot))
    && (areas === null || s.areas.some((a) => areas.has(a.area_id)))
    && (!f.device_kind || s.areas.some((a) => a.device_kind === f.device_kind))
    && (!f.device_model_id || s.areas.some((a) => a.device_model_id === f.device_model_id))
    && (product === null || s.products.some((p) => nocase(p.name) === nocase(product)))
    && (!wantsReaction || s.reactions.some((r) => r.grade >= minGrade
      && (!f.reaction_type_id || r.reaction_type_id === f.reaction_type_id)))
    && (clinician === null || nocase(s.clinician_name).startsWith(nocase(clinician)))
    && (!f.course_id || s.course_id === f.course_id);
}

/** Depth as the core prints it (`printf('%.2f', µm / 1000.0)`), from whole micrometres. */
const depthText = (mm: number) => {
  const hundredths = Math.round(Math.round(mm * 1000) / 10);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}`;
};

function hitOf(s: Session, p: Patient, reference: ReferenceData): SessionHit {
  const areaName = (id: string) => reference.areas.find((a) => a.id === id)?.name;
  const areas = s.areas
    .filter((a) => areaName(a.area_id) !== undefined)
    .map((a) => `${areaName(a.area_id)} ${depthText(a.needle_depth_mm)} mm`);
  const kinds = [...new Set(s.areas.map((a) => a.device_kind))];
  const highest = new Map<string, number>();
  for (const r of s.reactions) highest.set(r.reaction_type_id, Math.max(highest.get(r.reaction_type_id) ?? r.grade, r.grade));
  const reactions = reference.reaction_types
    .filter((t) => highest.has(t.id))
    .map((t) => `${t.name} ${highest.get(t.id)}`);
  return {
    session_id: s.id,
    started_at: s.started_at,
    patient_id: s.patient_id,
    given_name: p.given_name,
    family_name: p.family_name,
    mrn: p.mrn,
    clinician_name: s.clinician_name,
    areas: areas.join(", "),
    devices: kinds.map((k) => KIND_LABELS[k]).join(", "),
    products: s.products.map((x) => (x.lot === null ? x.name : `${x.name} (lot ${x.lot})`)).join(", "),
    reactions: reactions.join(", "),
    max_grade: s.reactions.length ? Math.max(...s.reactions.map((r) => r.grade)) : null,
  };
}

export function searchSessions(filter: SessionFilter, page: PageRequest, data: SearchData): SessionPage {
  check(filter);
  const matches = matcher(filter, data.reference);
  const found = [...data.sessions]
    .filter((s) => data.patients.has(s.patient_id) && matches(s))
    .sort((a, b) => bytewise(b.started_at, a.started_at) || bytewise(b.id, a.id));
  const limit = Math.min(Math.max(page.limit, 1), PAGE_MAX);
  return {
    hits: found
      .slice(page.offset, page.offset + limit)
      .map((s) => hitOf(s, data.patients.get(s.patient_id)!, data.reference)),
    total: Math.min(found.length, TOTAL_CAP),
    more: found.length > TOTAL_CAP,
  };
}
