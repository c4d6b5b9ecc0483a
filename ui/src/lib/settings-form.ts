// Working copies for the Settings forms (device models, depth guidance, clinic checks) and
// their conversion to the backend's inputs. Number inputs bind number | null; a required
// number left empty, or a count that is not whole, is reported here ("local" errors) and sent
// as a value the backend is sure to refuse, so the reply marks every other field too.
import type { ClinicSettings } from "../bindings/ClinicSettings";
import type { DepthGuidance } from "../bindings/DepthGuidance";
import type { DepthGuidanceInput } from "../bindings/DepthGuidanceInput";
import type { DeviceKind } from "../bindings/DeviceKind";
import type { DeviceModel } from "../bindings/DeviceModel";
import type { DeviceModelInput } from "../bindings/DeviceModelInput";
import { toApiError } from "./api";
import { collectFieldErrors, type FieldErrors } from "./field-errors";

type Num = number | null;

export interface DeviceModelDraft {
  id: string;
  kind: DeviceKind;
  manufacturer: string;
  model: string;
  min_depth_mm: Num;
  max_depth_mm: Num;
  depth_step_mm: Num;
  evaluated_max_mm: Num;
  speed_levels: Num;
  needles_per_cartridge: Num;
  note: string;
  archived: boolean;
}

export interface GuidanceDraft {
  id: string;
  area_id: string;
  /** Indication code; "" = any indication. */
  indication: string;
  typical_min_mm: Num;
  typical_max_mm: Num;
  upper_use_mm: Num;
  source: string;
}

export interface SettingsDraft {
  min_interval_days: Num;
  pih_min_fitzpatrick: number;
  pih_depth_mm: Num;
  due_soon_days: Num;
}

/** What was typed, as a number or null (empty inputs bind "", undefined or null). */
const num = (v: unknown): Num =>
  v === null || v === undefined || v === "" || Number.isNaN(Number(v)) ? null : Number(v);

class Local {
  errors: FieldErrors = {};
  /** A required depth; empty is sent as 0, which the backend refuses. */
  depth(field: string, label: string, v: unknown): number {
    const n = num(v);
    if (n === null) this.errors[field] = `${label} is required.`;
    return n ?? 0;
  }
  /** A whole number; a fraction is sent as -1, which every range here refuses. */
  count(field: string, label: string, v: unknown, required: boolean): number | null {
    const n = num(v);
    if (n === null && required) this.errors[field] = `${label} is required.`;
    if (n !== null && !Number.isInteger(n)) this.errors[field] = `${label} must be a whole number.`;
    return n === null ? (required ? -1 : null) : Number.isInteger(n) ? n : -1;
  }
}

export function deviceDraft(id: string, d?: DeviceModel): DeviceModelDraft {
  return d
    ? { ...d }
    : {
        id, kind: "derma_pen", manufacturer: "", model: "", min_depth_mm: null, max_depth_mm: null,
        depth_step_mm: null, evaluated_max_mm: null, speed_levels: null, needles_per_cartridge: null,
        note: "", archived: false,
      };
}

export function deviceInput(d: DeviceModelDraft): { input: DeviceModelInput; local: FieldErrors } {
  const l = new Local();
  const input: DeviceModelInput = {
    id: d.id, kind: d.kind, manufacturer: d.manufacturer, model: d.model,
    min_depth_mm: l.depth("min_depth_mm", "Minimum depth", d.min_depth_mm),
    max_depth_mm: l.depth("max_depth_mm", "Maximum depth", d.max_depth_mm),
    depth_step_mm: num(d.depth_step_mm),
    evaluated_max_mm: num(d.evaluated_max_mm),
    speed_levels: l.count("speed_levels", "Speed levels", d.speed_levels, false),
    needles_per_cartridge: l.count("needles_per_cartridge", "Needles", d.needles_per_cartridge, false),
    note: d.note, archived: d.archived,
  };
  return { input, local: l.errors };
}

export function guidanceDraft(id: string, g?: DepthGuidance): GuidanceDraft {
  return g
    ? { ...g, indication: g.indication ?? "" }
    : { id, area_id: "", indication: "", typical_min_mm: null, typical_max_mm: null, upper_use_mm: null, source: "" };
}

export function guidanceInput(g: GuidanceDraft): { input: DepthGuidanceInput; local: FieldErrors } {
  const l = new Local();
  if (!g.area_id) l.errors.area_id = "Choose the area.";
  const input: DepthGuidanceInput = {
    // No area yet: an id no area has, which the backend refuses like any unknown one.
    id: g.id, area_id: g.area_id || "00000000-0000-0000-0000-000000000000", indication: g.indication || null,
    typical_min_mm: l.depth("typical_min_mm", "Typical minimum", g.typical_min_mm),
    typical_max_mm: l.depth("typical_max_mm", "Typical maximum", g.typical_max_mm),
    upper_use_mm: l.depth("upper_use_mm", "Upper use", g.upper_use_mm),
    source: g.source,
  };
  return { input, local: l.errors };
}

/** The clinic's name and idle lock (Settings → Clinic). */
export interface ClinicDraft {
  clinic_name: string;
  idle_lock_minutes: Num;
}

/** The stored checks (the Checks section's draft), without the clinic's name and lock. */
export function checksDraft(s: ClinicSettings | null): SettingsDraft {
  return s
    ? { min_interval_days: s.min_interval_days, pih_min_fitzpatrick: s.pih_min_fitzpatrick, pih_depth_mm: s.pih_depth_mm, due_soon_days: s.due_soon_days }
    : { min_interval_days: 28, pih_min_fitzpatrick: 4, pih_depth_mm: 1.5, due_soon_days: 7 };
}

export function clinicDraft(s: ClinicSettings | null): ClinicDraft {
  return { clinic_name: s?.clinic_name ?? "", idle_lock_minutes: s?.idle_lock_minutes ?? 15 };
}

/**
 * The settings to save: the Checks section's draft, the Clinic section's, or both. The part
 * not given is the stored one, so saving one section never reverts the other.
 */
export function settingsInput(
  stored: ClinicSettings | null, checks: SettingsDraft | null, clinic: ClinicDraft | null = null,
): { input: ClinicSettings; local: FieldErrors } {
  const l = new Local();
  const s = checks ?? checksDraft(stored);
  const c = clinic ?? clinicDraft(stored);
  const input: ClinicSettings = {
    min_interval_days: l.count("min_interval_days", "Minimum interval", s.min_interval_days, true) ?? -1,
    pih_min_fitzpatrick: s.pih_min_fitzpatrick,
    pih_depth_mm: l.depth("pih_depth_mm", "PIH depth", s.pih_depth_mm),
    due_soon_days: l.count("due_soon_days", "Due soon", s.due_soon_days, true) ?? -1,
    clinic_name: c.clinic_name,
    idle_lock_minutes: l.count("idle_lock_minutes", "Lock after", c.idle_lock_minutes, true) ?? -1,
  };
  return { input, local: l.errors };
}

/** Whether a draft differs from what is stored (numbers compared as numbers). */
export function changed<T extends object>(draft: T, stored: T): boolean {
  return Object.keys(stored).some((k) => {
    const [a, b] = [(draft as Record<string, unknown>)[k], (stored as Record<string, unknown>)[k]];
    return typeof b === "number" || b === null ? num(a) !== num(b) : a !== b;
  });
}

export interface SaveResult<T> {
  saved: T | null;
  errors: FieldErrors;
  /** A failure that is not about a field (database busy…), as a sentence. */
  problem: string | null;
}

/** Runs a save; field errors come back by field, the form's own (`local`) ones winning. */
export async function saveWith<T>(local: FieldErrors, save: () => Promise<T>): Promise<SaveResult<T>> {
  try {
    return { saved: await save(), errors: {}, problem: null };
  } catch (e) {
    const err = toApiError(e);
    return err.code === "Invalid"
      ? { saved: null, errors: { ...collectFieldErrors(err), ...local }, problem: null }
      : { saved: null, errors: local, problem: err.message };
  }
}
