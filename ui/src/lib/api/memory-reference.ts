// The in-memory backend's copy of the core's reference-list edits (core/src/reference/edit.rs,
// reference/products.rs, medical/terms.rs, screening/rules.rs): areas, device models, depth
// guidance, clinic settings, products, history terms and contraindication rules, with the same
// field paths and sentences (protocols: memory-courses.ts). Each returns the stored row or
// throws the field errors; it edits `ref` in place.
import type { Area } from "../../bindings/Area";
import type { AreaInput } from "../../bindings/AreaInput";
import type { CatalogueProduct } from "../../bindings/CatalogueProduct";
import type { CatalogueProductInput } from "../../bindings/CatalogueProductInput";
import type { ClinicSettings } from "../../bindings/ClinicSettings";
import type { DepthGuidance } from "../../bindings/DepthGuidance";
import type { DepthGuidanceInput } from "../../bindings/DepthGuidanceInput";
import type { DeviceModel } from "../../bindings/DeviceModel";
import type { DeviceModelInput } from "../../bindings/DeviceModelInput";
import type { FieldError } from "../../bindings/FieldError";
import type { HistoryTerm } from "../../bindings/HistoryTerm";
import type { HistoryTermInput } from "../../bindings/HistoryTermInput";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Rule } from "../../bindings/Rule";
import type { RuleInput } from "../../bindings/RuleInput";
import { depthUm } from "./memory-guidance";
import { mm, sortReferenceLists } from "./memory-seed";
import { Check, depthProblem } from "./memory-validate";

const SHORT_MAX = 100;
const CODE_MAX = 40;
const clean = (v: string | null) => (v ?? "").trim().normalize("NFC");
/** The core's `search_key`: names compare ignoring case. */
const nameKey = (v: string) => clean(v).toLowerCase().normalize("NFC");
const CODE_CHARS = /^[a-z0-9_]+$/;

/** Thrown with the field errors; memory.ts turns it into an `Invalid` ApiError. */
export class Invalid {
  constructor(readonly fields: FieldError[]) {}
}

function finish(c: Check) {
  if (c.errors.length) throw new Invalid(c.errors);
}

/** A depth in mm, checked and converted to micrometres (the label replaces "Needle depth"). */
function depth(c: Check, field: string, label: string, value: number): number | null {
  const problem = depthProblem(value);
  if (problem) c.fail(field, problem.replace("Needle depth", label));
  return problem ? null : depthUm(value);
}

function upsert<T extends { id: string }>(list: T[], row: T) {
  const at = list.findIndex((r) => r.id === row.id);
  if (at >= 0) list[at] = row;
  else list.push(row);
}

export function saveArea(ref: ReferenceData, input: AreaInput): Area {
  const c = new Check();
  c.line("name", "Name", input.name, SHORT_MAX, true);
  const code = clean(input.code);
  c.line("code", "Code", code, CODE_MAX, true);
  if (code && !CODE_CHARS.test(code)) c.fail("code", "Code may use only lowercase letters, digits and _.");
  const snomed = clean(input.snomed_code) || null;
  c.line("snomed_code", "SNOMED code", snomed, 18, false);
  if (snomed && !/^[0-9]+$/.test(snomed)) c.fail("snomed_code", "A SNOMED CT code is digits only.");
  finish(c);
  if (ref.areas.some((a) => a.code === code && a.id !== input.id)) {
    throw new Invalid([{ field: "code", message: "Another area already uses this code." }]);
  }
  const unknown = input.includes.find((inc) => !ref.areas.some((a) => a.code === inc && a.id !== input.id));
  if (unknown !== undefined) {
    throw new Invalid([{ field: "includes", message: `“${unknown}” is not another area in the list.` }]);
  }
  const spot = input.map;
  const within = (v: number) => Number.isFinite(v) && v >= 0 && v <= 100;
  if (spot && (!within(spot.x) || !within(spot.y))) {
    throw new Invalid([{ field: "map", message: "A map position is 0 to 100 across and down." }]);
  }
  const area: Area = {
    id: input.id, code, name: clean(input.name), region: input.region, snomed_code: snomed,
    includes: [...input.includes], map: spot ? { view: spot.view, x: spot.x, y: spot.y } : null,
    archived: input.archived,
  };
  upsert(ref.areas, area);
  return area;
}

export function saveDeviceModel(ref: ReferenceData, input: DeviceModelInput): DeviceModel {
  const c = new Check();
  c.line("manufacturer", "Manufacturer", input.manufacturer, SHORT_MAX, true);
  c.line("model", "Model", input.model, SHORT_MAX, true);
  const min = depth(c, "min_depth_mm", "Minimum depth", input.min_depth_mm);
  const max = depth(c, "max_depth_mm", "Maximum depth", input.max_depth_mm);
  if (min !== null && max !== null && max < min) {
    c.fail("max_depth_mm", "Maximum depth cannot be less than the minimum.");
  }
  const step = input.depth_step_mm === null ? null : depth(c, "depth_step_mm", "Depth step", input.depth_step_mm);
  const evaluated = input.evaluated_max_mm === null
    ? null : depth(c, "evaluated_max_mm", "Evaluated maximum", input.evaluated_max_mm);
  if (evaluated !== null && min !== null && max !== null && (evaluated < min || evaluated > max)) {
    c.fail("evaluated_max_mm", "The evaluated maximum must lie between the minimum and maximum depth.");
  }
  c.range("speed_levels", "Speed levels", input.speed_levels, 1, 20);
  c.range("needles_per_cartridge", "Needles", input.needles_per_cartridge, 1, 1000);
  c.note("note", input.note);
  if ([...input.note.trim()].length > 10_000) c.fail("note", "The note is too long.");
  finish(c);
  const [manufacturer, model] = [clean(input.manufacturer), clean(input.model)];
  if (ref.device_models.some((d) => d.manufacturer === manufacturer && d.model === model && d.id !== input.id)) {
    throw new Invalid([{ field: "model", message: "This manufacturer already has a model of that name." }]);
  }
  const saved: DeviceModel = {
    id: input.id, kind: input.kind, manufacturer, model, min_depth_mm: mm(min!), max_depth_mm: mm(max!),
    depth_step_mm: step === null ? null : mm(step), evaluated_max_mm: evaluated === null ? null : mm(evaluated),
    speed_levels: input.speed_levels, needles_per_cartridge: input.needles_per_cartridge,
    note: input.note.trim().normalize("NFC"), archived: input.archived,
  };
  upsert(ref.device_models, saved);
  sortReferenceLists(ref);
  return saved;
}

export function saveDepthGuidance(ref: ReferenceData, input: DepthGuidanceInput): DepthGuidance {
  const c = new Check();
  if (!ref.areas.some((a) => a.id === input.area_id)) c.fail("area_id", "Choose an area from the list.");
  if (input.indication !== null && !ref.indications.some((i) => i.code === input.indication)) {
    c.fail("indication", "Choose an indication from the list.");
  }
  const lo = depth(c, "typical_min_mm", "Typical minimum", input.typical_min_mm);
  const hi = depth(c, "typical_max_mm", "Typical maximum", input.typical_max_mm);
  const upper = depth(c, "upper_use_mm", "Upper use", input.upper_use_mm);
  if (lo !== null && hi !== null && hi < lo) c.fail("typical_max_mm", "The typical range must run from low to high.");
  if (hi !== null && upper !== null && upper < hi) {
    c.fail("upper_use_mm", "Upper use cannot be shallower than the typical range.");
  }
  c.line("source", "Source", input.source, SHORT_MAX, false);
  finish(c);
  const taken = ref.depth_guidance.some(
    (g) => g.area_id === input.area_id && g.indication === input.indication && g.id !== input.id,
  );
  if (taken) {
    throw new Invalid([{
      field: "indication", message: "This area already has guidance for that indication; edit that row instead.",
    }]);
  }
  const saved: DepthGuidance = {
    id: input.id, area_id: input.area_id, indication: input.indication,
    typical_min_mm: mm(lo!), typical_max_mm: mm(hi!), upper_use_mm: mm(upper!), source: clean(input.source),
  };
  upsert(ref.depth_guidance, saved);
  sortReferenceLists(ref);
  return saved;
}

export function saveSettings(ref: ReferenceData, input: ClinicSettings): ClinicSettings {
  const c = new Check();
  c.range("min_interval_days", "Minimum interval", input.min_interval_days, 0, 365);
  c.range("pih_min_fitzpatrick", "Fitzpatrick type", input.pih_min_fitzpatrick, 1, 6);
  const pih = depth(c, "pih_depth_mm", "PIH depth", input.pih_depth_mm);
  c.range("due_soon_days", "Due soon", input.due_soon_days, 0, 90);
  c.line("clinic_name", "Clinic name", input.clinic_name, 100, true);
  c.range("idle_lock_minutes", "Lock after", input.idle_lock_minutes, 1, 240);
  finish(c);
  ref.settings = {
    min_interval_days: input.min_interval_days, pih_min_fitzpatrick: input.pih_min_fitzpatrick, pih_depth_mm: mm(pih!),
    due_soon_days: input.due_soon_days, clinic_name: clean(input.clinic_name), idle_lock_minutes: input.idle_lock_minutes,
  };
  return ref.settings;
}

export function saveProduct(ref: ReferenceData, input: CatalogueProductInput): CatalogueProduct {
  const c = new Check();
  c.line("name", "Name", input.name, SHORT_MAX, true);
  c.line("note", "Note", input.note, 500, false);
  finish(c);
  const name = clean(input.name);
  if (ref.products.some((p) => nameKey(p.name) === nameKey(name) && p.id !== input.id)) {
    throw new Invalid([{ field: "name", message: "Another product already has this name." }]);
  }
  const saved: CatalogueProduct = {
    id: input.id, name, kind: input.kind, intradermal: input.intradermal, note: clean(input.note),
    archived: input.archived,
  };
  upsert(ref.products, saved);
  return saved;
}

/**
 * Adds or edits a history term. Once rules (or, per `usedByEntries`, patients' history
 * entries) use a term, its kind and code cannot change.
 */
export function saveHistoryTerm(
  ref: ReferenceData, input: HistoryTermInput, usedByEntries: (termId: string) => boolean = () => false,
): HistoryTerm {
  const c = new Check();
  const code = clean(input.code);
  c.line("code", "Code", code, CODE_MAX, true);
  if (code && !CODE_CHARS.test(code)) c.fail("code", "Code may use only lowercase letters, digits and _.");
  c.line("name", "Name", input.name, SHORT_MAX, true);
  finish(c);
  if (ref.history_terms.some((t) => t.code === code && t.id !== input.id)) {
    throw new Invalid([{ field: "code", message: "Another entry already uses this code." }]);
  }
  const current = ref.history_terms.find((t) => t.id === input.id);
  if (current) {
    const used = usedByEntries(current.id) || ref.rules.some((r) => r.terms.includes(current.code));
    if (used && current.kind !== input.kind) {
      throw new Invalid([{
        field: "kind", message: "Patients' histories or rules use this entry, so its kind cannot change.",
      }]);
    }
    if (used && current.code !== code) {
      throw new Invalid([{
        field: "code", message: "Rules or histories use this code, so it cannot change. Rename it instead.",
      }]);
    }
  }
  const saved: HistoryTerm = { id: input.id, code, kind: input.kind, name: clean(input.name), archived: input.archived };
  upsert(ref.history_terms, saved);
  return saved;
}

/** Adds or edits a rule; an edit that changes anything raises the version, one that changes nothing keeps it. */
export function saveRule(ref: ReferenceData, input: RuleInput): Rule {
  const c = new Check();
  const code = clean(input.code);
  c.line("code", "Code", code, CODE_MAX, true);
  if (code && !CODE_CHARS.test(code)) c.fail("code", "Code may use only lowercase letters, digits and _.");
  c.line("description", "Description", input.description, 200, true);
  c.line("advice", "Advice", input.advice, 500, false);
  c.line("source", "Source", input.source, 500, false);
  const within = input.timing === "within";
  if (within) {
    const n = input.window_count;
    if (n === null || !Number.isInteger(n) || n < 1 || n > 1000) {
      c.fail("window_count", "Enter how long the window lasts (1 to 1000).");
    }
    if (input.window_unit === null) c.fail("window_unit", "Choose days, weeks or months.");
  }
  if (input.terms.length === 0) c.fail("terms", "Choose at least one history entry the rule looks for.");
  finish(c);
  for (const term of input.terms) {
    if (ref.history_terms.find((t) => t.code === term)?.kind !== input.reads) {
      c.fail("terms", `“${term}” is not a ${input.reads} in the clinic's list.`);
    }
  }
  for (const ind of input.indications) {
    if (!ref.indications.some((i) => i.code === ind)) c.fail("indications", `“${ind}” is not an indication in the list.`);
  }
  if (ref.rules.some((r) => r.code === code && r.id !== input.id)) c.fail("code", "Another rule already uses this code.");
  finish(c);
  const current = ref.rules.find((r) => r.id === input.id);
  const next: Rule = {
    id: input.id, code, description: clean(input.description), reads: input.reads, terms: [...input.terms],
    timing: input.timing, window_count: within ? input.window_count : null,
    window_unit: within ? input.window_unit : null, in_area: input.in_area, indications: [...input.indications],
    severity: input.severity, advice: clean(input.advice), source: clean(input.source),
    version: current?.version ?? 1, active: input.active,
  };
  const same = (k: keyof Rule) => JSON.stringify(current![k]) === JSON.stringify(next[k]);
  if (current && (Object.keys(next) as (keyof Rule)[]).every(same)) return current;
  if (current) next.version = current.version + 1;
  upsert(ref.rules, next);
  return next;
}
