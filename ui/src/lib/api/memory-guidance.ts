// The in-memory backend's copy of the core's clinical guidance (src-tauri/core/src/guidance):
// depth against the area's guidance and the device model's limits, PIH risk, intradermal
// products, contraindication screening (memory-screening.ts), expired lots and the minimum
// interval. Same rules, field paths and sentences; the Rust core stays the source of truth.
// Like the core it accepts a half-filled form and judges only what it can.
import type { Area } from "../../bindings/Area";
import type { ClinicSettings } from "../../bindings/ClinicSettings";
import type { DepthGuidance } from "../../bindings/DepthGuidance";
import type { DeviceModel } from "../../bindings/DeviceModel";
import type { Finding } from "../../bindings/Finding";
import type { FindingCode } from "../../bindings/FindingCode";
import type { FindingLevel } from "../../bindings/FindingLevel";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import { areasOverlap, intradermalFindings, screen, screeningFindings, type Outcome } from "./memory-screening";
import { depthProblem, isRealDate } from "./memory-validate";

const DAY = 86_400_000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ROMAN = ["", "I", "II", "III", "IV", "V", "VI"];

/** Millimetres from the reference tables as whole micrometres. */
const um = (mm: number) => Math.round(mm * 1000);
/** `1.5 mm`, `0.25 mm`, `2 mm` (as Rust prints an f64). */
const show = (micrometres: number) => `${micrometres / 1000} mm`;
/** `%-d %b %Y` of a `YYYY-MM-DD`: "1 Oct 2026". */
const dayText = (iso: string) =>
  `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** The core's `depth_um`: whole micrometres, or null when the depth is not valid. */
export function depthUm(mm: number | null): number | null {
  if (mm === null || depthProblem(mm) !== null) return null;
  return Math.round(mm * 100) * 10;
}

/** An indication-specific row when the session treats that indication, else the area's row. */
export function guidanceFor(ref: ReferenceData, areaId: string, indications: string[]): DepthGuidance | undefined {
  const rows = ref.depth_guidance.filter((g) => g.area_id === areaId);
  return rows.find((g) => g.indication !== null && indications.includes(g.indication))
    ?? rows.find((g) => g.indication === null);
}

export interface DepthContext {
  area?: Area;
  guidance?: DepthGuidance;
  device?: DeviceModel;
  fitzpatrick: number | null;
  settings: ClinicSettings;
}

/** The depth rules for one treated area (`guidance/depth.rs`). */
export function depthFindings(field: string, cx: DepthContext, depth: number): Finding[] {
  const out: Finding[] = [];
  const add = (level: FindingLevel, code: FindingCode, message: string) =>
    out.push({ field, level, code, message, rule: null, overridden: false });
  const d = cx.device;
  if (d) {
    const [lo, hi] = [um(d.min_depth_mm), um(d.max_depth_mm)];
    const step = d.depth_step_mm === null ? 0 : um(d.depth_step_mm);
    if (depth > hi) {
      add("block", "depth_above_device", `${d.model} goes no deeper than ${show(hi)}.`);
    } else if (depth < lo) {
      add("block", "depth_below_device", `${d.model} cannot be set shallower than ${show(lo)}.`);
    } else if (step > 0 && (depth - lo) % step !== 0) {
      const below = lo + Math.floor((depth - lo) / step) * step;
      // Offer only settings the device has.
      const nearest = below + step <= hi ? `${show(below)} or ${show(below + step)}` : show(below);
      add("block", "depth_off_step",
        `Not a setting of this device (${show(step)} steps from ${show(lo)}): use ${nearest}.`);
    }
    if (d.evaluated_max_mm !== null) {
      const evaluated = um(d.evaluated_max_mm);
      if (depth > evaluated && depth <= hi) {
        add("warn", "depth_above_evaluated",
          `Deeper than ${d.model} was evaluated for by the regulator (${show(evaluated)}).`);
      }
    }
  }
  const g = cx.guidance;
  if (g) {
    const name = cx.area?.name ?? "this area";
    const [lo, hi, upper] = [um(g.typical_min_mm), um(g.typical_max_mm), um(g.upper_use_mm)];
    const typical = `typically ${show(lo).replace(/ mm$/, "")}–${show(hi)}`;
    if (depth < lo) {
      add("warn", "depth_below_typical", `Shallower than usual for ${name} (${typical}).`);
    } else if (depth > upper) {
      add("warn", "depth_above_upper_use",
        `Deeper than the upper use for ${name} (${show(upper)}; ${typical}). Deep needling makes bleeding more likely.`);
    } else if (depth > hi) {
      add("warn", "depth_above_typical", `Deeper than usual for ${name} (${typical}, upper use ${show(upper)}).`);
    }
  }
  const pihDepth = um(cx.settings.pih_depth_mm);
  const f = cx.fitzpatrick;
  if (f !== null && f >= cx.settings.pih_min_fitzpatrick && depth > pihDepth) {
    add("warn", "pih_risk",
      `Fitzpatrick type ${ROMAN[f] ?? "?"}: deeper than ${show(pihDepth)} raises the risk of post-inflammatory hyperpigmentation.`);
  }
  return out;
}

/** The start as milliseconds and the clinic's calendar day (in the offset the form sent). */
function sessionStart(startedAt: string): { at: number; day: string } | null {
  const t = startedAt.trim();
  const at = RFC3339.test(t) ? Date.parse(t.replace(" ", "T")) : NaN;
  return Number.isNaN(at) || !isRealDate(t.slice(0, 10)) ? null : { at, day: t.slice(0, 10) };
}

/** Minutes east of UTC in an RFC 3339 time (`Z`, `+01:00`, `-05:30`). */
function offsetMinutes(t: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(t.trim());
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The calendar day of instant `at` in a clinic offset of `offset` minutes. */
function dayAt(at: number, offset: number): string {
  return new Date(at + offset * 60_000).toISOString().slice(0, 10);
}

/**
 * The interval rule (`guidance/history.rs`): the nearest other treatment of each area (or
 * an overlapping one),
 * apart by fewer calendar days (in the clinic's offset) than the clinic's minimum.
 */
function intervalFindings(
  input: SessionInput, ref: ReferenceData, start: number, others: Session[],
): Finding[] {
  const days = ref.settings.min_interval_days;
  if (days <= 0 || input.areas.every((a) => !a.area_id)) return [];
  const window = (days + 1) * DAY;
  const offset = offsetMinutes(input.started_at);
  const startDay = Date.parse(dayAt(start, offset));
  const treated: [string, number][] = [];
  for (const s of others) {
    const at = Date.parse(s.started_at);
    if (s.patient_id !== input.patient_id || s.id === input.id || at <= start - window || at >= start + window) continue;
    for (const t of s.areas) treated.push([t.area_id, at]);
  }
  /** The nearest other treatment of this area or one overlapping it. */
  const nearest = (area: string) =>
    treated
      .filter(([other]) => areasOverlap(ref, area, other))
      .map(([, at]) => at)
      .reduce<number | undefined>((m, at) => (m === undefined || Math.abs(at - start) < Math.abs(m - start) ? at : m), undefined);
  const out: Finding[] = [];
  const done = new Set<string>();
  input.areas.forEach((a, i) => {
    const other = a.area_id ? nearest(a.area_id) : undefined;
    if (!a.area_id || other === undefined || done.has(a.area_id)) return;
    done.add(a.area_id);
    const otherDay = dayAt(other, offset);
    const apart = Math.round((startDay - Date.parse(otherDay)) / DAY);
    if (Math.abs(apart) >= days) return;
    const n = Math.abs(apart);
    const side = apart > 0 ? "before" : "after";
    const gap = n === 0 ? "on the same day as" : `${n} ${n === 1 ? "day" : "days"} ${side}`;
    const name = ref.areas.find((r) => r.id === a.area_id)?.name ?? "This area";
    out.push({
      field: `areas[${i}].area_id`, level: "warn", code: "interval_short",
      message: `${name} was also treated ${gap} this session (on ${dayText(otherDay)}); `
        + `the clinic's minimum interval is ${days} days.`,
      rule: null, overridden: false,
    });
  });
  return out;
}

/** Everything judged about a session: the findings, and each rule's screening verdict. */
export interface Assessment {
  findings: Finding[];
  screening: Outcome[];
}

/** What the guidance reads besides the form: the patient's skin type, sessions and history. */
export interface PatientContext {
  fitzpatrick: number | null;
  sessions: Session[];
  history: HistoryEntry[];
}

/** The findings for `input` (`guidance::check`). */
export function assessSession(input: SessionInput, ref: ReferenceData, cx: PatientContext): Finding[] {
  return assess(input, ref, cx).findings;
}

/** Every rule over `input` (`guidance::assess`). */
export function assess(input: SessionInput, ref: ReferenceData, patient: PatientContext): Assessment {
  const { fitzpatrick, sessions, history } = patient;
  const start = sessionStart(input.started_at);
  const out: Finding[] = [];
  let screening: Outcome[] = [];
  input.areas.forEach((a, i) => {
    const depth = depthUm(a.needle_depth_mm);
    if (depth === null) return;
    const cx: DepthContext = {
      area: a.area_id ? ref.areas.find((r) => r.id === a.area_id) : undefined,
      guidance: a.area_id ? guidanceFor(ref, a.area_id, input.indications) : undefined,
      device: a.device_model_id ? ref.device_models.find((d) => d.id === a.device_model_id) : undefined,
      fitzpatrick,
      settings: ref.settings,
    };
    out.push(...depthFindings(`areas[${i}].needle_depth_mm`, cx, depth));
  });
  out.push(...intradermalFindings(input, ref));
  if (start) {
    screening = screen(input, ref, history, start.day);
    out.push(...screeningFindings(screening, input.overrides ?? []));
    input.products.forEach((p, i) => {
      const expiry = (p.expiry_on ?? "").trim();
      if (isRealDate(expiry) && expiry < start.day) {
        out.push({
          field: `products[${i}].expiry_on`, level: "block", code: "lot_expired",
          message: `This lot expired on ${dayText(expiry)}, before the session date. Use an unexpired lot.`,
          rule: null, overridden: false,
        });
      }
    });
    out.push(...intervalFindings(input, ref, start.at, sessions));
  }
  return { findings: out, screening };
}
