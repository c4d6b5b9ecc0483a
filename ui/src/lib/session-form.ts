// The session form's working copy: what the inputs bind to (strings for text and dates,
// number | null for numbers, "" for "nothing chosen"), and its conversion to and from the
// backend's SessionInput / Session. Empty optional values become null on the way out.
import type { DeviceKind } from "../bindings/DeviceKind";
import type { NeedlePattern } from "../bindings/NeedlePattern";
import type { ProductRole } from "../bindings/ProductRole";
import type { ScreeningOverride } from "../bindings/ScreeningOverride";
import type { Session } from "../bindings/Session";
import type { SessionInput } from "../bindings/SessionInput";
import type { TimePoint } from "../bindings/TimePoint";
import { localInputToRfc3339, rfc3339ToLocalInput } from "./time";

let rowCounter = 0;
/** A key for keyed each-blocks; not sent to the backend. */
const rowKey = () => `row-${++rowCounter}`;

export interface AreaRow {
  key: string;
  id: string | null;
  area_id: string;
  device_kind: DeviceKind | "";
  /** A model from the clinic's list; "" = another device, named in `device_model`. */
  device_model_id: string;
  device_model: string;
  needle_depth_mm: number | null;
  passes: number | null;
  speed_level: number | null;
  pattern: NeedlePattern | "";
  needle_count: number | null;
  cartridge_lot: string;
  endpoint: string;
  notes: string;
}

export interface ProductRow {
  key: string;
  id: string | null;
  /** The catalogue entry the typed name matches (ignoring case), else null. */
  product_id: string | null;
  name: string;
  role: ProductRole | "";
  lot: string;
  expiry_on: string;
  amount: string;
  area_id: string;
}

export interface ReactionRow {
  key: string;
  id: string | null;
  reaction_type_id: string;
  /** The stored scale when editing; null means the type's default. */
  scale_id: string | null;
  grade: string;
  time_point: TimePoint | "";
  area_id: string;
  note: string;
}

export interface SessionDraft {
  id: string;
  patient_id: string;
  started_at: string;
  ended_at: string;
  clinician_name: string;
  indications: string[];
  numbing_product: string;
  numbing_minutes: number | null;
  skin_prep: string;
  pain_score: number | null;
  aftercare_given: boolean;
  next_session_on: string;
  notes: string;
  areas: AreaRow[];
  products: ProductRow[];
  reactions: ReactionRow[];
  /** Written reasons to go ahead despite blocking contraindications, by rule code. */
  overrides: ScreeningOverride[];
  /** The patient's course this session belongs to; "" = none. */
  course_id: string;
}

/** A new area row; device settings are copied from `above` for fast entry. */
export function newAreaRow(above?: AreaRow): AreaRow {
  return {
    key: rowKey(), id: null, area_id: "",
    device_kind: above?.device_kind ?? "",
    device_model_id: above?.device_model_id ?? "",
    device_model: above?.device_model ?? "",
    needle_depth_mm: null,
    passes: above?.passes ?? null,
    speed_level: null,
    pattern: above?.pattern ?? "",
    needle_count: above?.needle_count ?? null,
    cartridge_lot: above?.cartridge_lot ?? "",
    endpoint: "", notes: "",
  };
}

export function newProductRow(): ProductRow {
  return {
    key: rowKey(), id: null, product_id: null, name: "", role: "", lot: "", expiry_on: "", amount: "", area_id: "",
  };
}

export function newReactionRow(): ReactionRow {
  return {
    key: rowKey(), id: null, reaction_type_id: "", scale_id: null, grade: "",
    time_point: "immediate", area_id: "", note: "",
  };
}

export function newDraft(id: string, patientId: string, fields: Partial<SessionDraft> = {}): SessionDraft {
  return {
    id, patient_id: patientId, started_at: "", ended_at: "", clinician_name: "",
    indications: [], numbing_product: "", numbing_minutes: null, skin_prep: "",
    pain_score: null, aftercare_given: false, next_session_on: "", notes: "",
    areas: [newAreaRow()], products: [], reactions: [], overrides: [], course_id: "",
    ...fields,
  };
}

const text = (v: string | null) => v ?? "";
const orNull = (v: string) => (v.trim() === "" ? null : v);
const num = (v: number | null | undefined | string) =>
  v === null || v === undefined || v === "" || Number.isNaN(Number(v)) ? null : Number(v);

/** A stored session as an editable draft (times in local wall-clock). */
export function draftFromSession(s: Session): SessionDraft {
  return {
    id: s.id, patient_id: s.patient_id,
    started_at: rfc3339ToLocalInput(s.started_at),
    ended_at: s.ended_at ? rfc3339ToLocalInput(s.ended_at) : "",
    clinician_name: s.clinician_name, indications: [...s.indications],
    numbing_product: text(s.numbing_product), numbing_minutes: s.numbing_minutes,
    skin_prep: text(s.skin_prep), pain_score: s.pain_score, aftercare_given: s.aftercare_given,
    next_session_on: text(s.next_session_on), notes: s.notes,
    areas: s.areas.map((a) => ({
      key: rowKey(), id: a.id, area_id: a.area_id, device_kind: a.device_kind,
      device_model_id: text(a.device_model_id), device_model: text(a.device_model), needle_depth_mm: a.needle_depth_mm, passes: a.passes,
      speed_level: a.speed_level, pattern: a.pattern ?? "", needle_count: a.needle_count,
      cartridge_lot: text(a.cartridge_lot), endpoint: text(a.endpoint), notes: a.notes,
    })),
    products: s.products.map((p) => ({
      key: rowKey(), id: p.id, product_id: p.product_id, name: p.name, role: p.role, lot: text(p.lot),
      expiry_on: text(p.expiry_on), amount: text(p.amount), area_id: text(p.area_id),
    })),
    reactions: s.reactions.map((r) => ({
      key: rowKey(), id: r.id, reaction_type_id: r.reaction_type_id, scale_id: r.scale_id,
      grade: String(r.grade), time_point: r.time_point, area_id: text(r.area_id), note: r.note,
    })),
    // A saved draft keeps the reasons that let it pass its blocks, so saving it again does too.
    overrides: s.screening
      .filter((r) => r.flagged && r.override_reason)
      .map((r) => ({ rule_code: r.rule_code, reason: r.override_reason ?? "" })),
    course_id: text(s.course_id),
  };
}

/** What the backend receives. `offsetMinutes` pins the timezone in tests. */
export function draftToInput(d: SessionDraft, offsetMinutes?: number): SessionInput {
  return {
    id: d.id,
    patient_id: d.patient_id,
    // An unparseable start is sent as typed so the backend names the field.
    started_at: localInputToRfc3339(d.started_at, offsetMinutes) ?? d.started_at,
    ended_at: d.ended_at.trim() ? (localInputToRfc3339(d.ended_at, offsetMinutes) ?? d.ended_at) : null,
    clinician_name: d.clinician_name,
    indications: [...d.indications],
    numbing_product: orNull(d.numbing_product),
    numbing_minutes: num(d.numbing_minutes),
    skin_prep: orNull(d.skin_prep),
    pain_score: num(d.pain_score),
    notes: d.notes,
    aftercare_given: d.aftercare_given,
    next_session_on: orNull(d.next_session_on),
    areas: d.areas.map((a) => ({
      id: a.id, area_id: a.area_id || null, device_kind: a.device_kind || null,
      // The free text names a device that is not in the list; with a listed model it is hidden.
      device_model_id: a.device_model_id || null,
      device_model: a.device_model_id ? null : orNull(a.device_model),
      needle_depth_mm: num(a.needle_depth_mm),
      passes: num(a.passes), speed_level: num(a.speed_level), pattern: a.pattern || null,
      needle_count: num(a.needle_count), cartridge_lot: orNull(a.cartridge_lot),
      endpoint: orNull(a.endpoint), notes: a.notes,
    })),
    products: d.products.map((p) => ({
      id: p.id, product_id: p.product_id, name: p.name, role: p.role || null, lot: orNull(p.lot),
      expiry_on: orNull(p.expiry_on), amount: orNull(p.amount), area_id: p.area_id || null,
    })),
    reactions: d.reactions.map((r) => ({
      id: r.id, reaction_type_id: r.reaction_type_id || null, scale_id: r.scale_id,
      grade: num(r.grade), time_point: r.time_point || null, area_id: r.area_id || null,
      note: r.note,
    })),
    overrides: d.overrides
      .filter((o) => o.reason.trim() !== "")
      .map((o) => ({ rule_code: o.rule_code, reason: o.reason })),
    course_id: d.course_id || null,
  };
}

/** Whether two drafts differ in anything the user typed (row keys ignored). */
export function draftChanged(a: SessionDraft, b: SessionDraft): boolean {
  return JSON.stringify(draftToInput(a, 0)) !== JSON.stringify(draftToInput(b, 0));
}
