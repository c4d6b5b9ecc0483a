// The reference lists exactly as migrations 0001 and 0002 seed them (same ids, codes, names,
// values, order), so the in-memory backend behaves like a freshly created clinic database.
// Depths are written in micrometres, as the migration stores them, and shown in mm.
import type { DeviceKind } from "../../bindings/DeviceKind";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Region } from "../../bindings/Region";

const seedId = (table: number, n: number) =>
  `00000000-0000-7000-800${table}-${String(n).padStart(12, "0")}`;

const AREAS: [string, string, Region, string | null][] = [
  ["forehead", "Forehead", "face", "52795006"],
  ["periorbital", "Periorbital / under-eye", "face", null],
  ["nose", "Nose", "face", "45206002"],
  ["cheek_left", "Cheek, left", "face", "60819002"],
  ["cheek_right", "Cheek, right", "face", "60819002"],
  ["perioral", "Upper lip / perioral", "face", null],
  ["chin", "Chin", "face", "30291003"],
  ["jawline", "Jawline", "face", null],
  ["full_face", "Full face", "face", "89545001"],
  ["neck", "Neck", "body", "45048000"],
  ["decolletage", "Décolletage", "body", null],
  ["scalp", "Scalp", "scalp", "41695006"],
  ["hands", "Hands", "body", "85562004"],
  ["arms", "Arms", "body", null],
  ["abdomen", "Abdomen", "body", null],
  ["back", "Back", "body", "77568009"],
  ["buttocks", "Buttocks", "body", null],
  ["thighs", "Thighs", "body", null],
];

const INDICATIONS: [string, string, boolean][] = [
  ["acne_scars", "Acne scars", true],
  ["atrophic_scars", "Other atrophic scars", true],
  ["fine_lines", "Fine lines", true],
  ["wrinkles", "Wrinkles", true],
  ["enlarged_pores", "Enlarged pores", true],
  ["hyperpigmentation", "Hyperpigmentation / melasma / sun damage", true],
  ["stretch_marks", "Stretch marks (striae)", true],
  ["hair_loss", "Hair loss (alopecia)", true],
  ["skin_laxity", "Loss of elasticity / loose skin", true],
  ["dull_texture", "Dull texture", true],
  ["rosacea", "Rosacea (outside flares)", true],
  ["raised_scars", "Raised (hypertrophic) scars / keloids", false],
];

const SCALES: [string, string, number, number, string[]][] = [
  ["cea", "Clinician Erythema Assessment", 0, 4, ["none", "almost clear", "mild", "moderate", "severe"]],
  ["draize", "Edema (Draize-type)", 0, 4, ["none", "very slight", "slight", "moderate", "severe"]],
  ["bleeding", "Bleeding / bruising", 0, 2, ["none", "pinpoint", "more than expected"]],
  ["severity", "Severity (none to severe)", 0, 3, ["none", "mild", "moderate", "severe"]],
  ["ctcae", "Adverse event (CTCAE grade)", 1, 4, ["mild", "moderate", "severe", "life-threatening"]],
  ["pain_nrs", "Pain (0–10)", 0, 10, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]],
];

const REACTION_TYPES: [string, string, string][] = [
  ["erythema", "Erythema / redness", "cea"],
  ["edema", "Edema / swelling", "draize"],
  ["pinpoint_bleeding", "Pinpoint bleeding", "bleeding"],
  ["bruising", "Bruising", "bleeding"],
  ["pain", "Pain / discomfort", "pain_nrs"],
  ["irritation", "Irritation", "severity"],
  ["dryness", "Dryness", "severity"],
  ["flaking", "Flaking / peeling", "severity"],
  ["itching", "Itching", "severity"],
  ["acne_flare", "Acne flare", "severity"],
  ["pih", "Post-inflammatory hyperpigmentation", "severity"],
  ["infection", "Infection", "ctcae"],
  ["other", "Other", "severity"],
];

// Migration 0002: generic device models (kind, model, min, max, step, evaluated max, speed
// levels, needles, note), manufacturer "Generic".
const DEVICE_MODELS: [DeviceKind, string, number, number, number | null, number | null, number | null, number | null, string][] = [
  ["derma_pen", "Motorised pen, 0.1 mm steps", 200, 3000, 100, null, 5, null, "Typical adjustable pen."],
  ["derma_pen", "Motorised pen, 0.25 mm steps", 250, 2500, 250, null, 5, null,
    "Pens that click in quarter millimetres."],
  ["derma_pen", "Authorised pen, evaluated to 1.5 mm", 250, 2500, 250, 1500, 5, null,
    "Goes to 2.5 mm but was evaluated by the regulator only to 1.5 mm."],
  ["derma_roller", "Roller 0.5 mm", 500, 500, null, null, null, 192, "Fixed needle length."],
  ["derma_roller", "Roller 1.0 mm", 1000, 1000, null, null, null, 192, "Fixed needle length."],
  ["derma_roller", "Roller 1.5 mm", 1500, 1500, null, null, null, 192, "Fixed needle length."],
  ["stamp", "Adjustable stamp", 250, 2000, 250, null, null, null, ""],
  ["rf_microneedling", "RF microneedling handpiece", 500, 3500, 100, null, null, null, ""],
];

// Migration 0002: depth guidance (area code, indication code or null, typical min, typical
// max, upper use, source).
const GUIDANCE: [string, string | null, number, number, number, string][] = [
  ["periorbital", null, 200, 300, 500, "Periorbital / under-eye"],
  ["forehead", null, 250, 500, 750, "Forehead"],
  ["nose", null, 250, 500, 750, "Nose"],
  ["perioral", null, 250, 500, 750, "Upper lip / perioral"],
  ["cheek_left", null, 500, 1000, 1500, "Cheeks"],
  ["cheek_right", null, 500, 1000, 1500, "Cheeks"],
  ["chin", null, 500, 1000, 1500, "Chin"],
  ["jawline", null, 500, 1000, 1500, "Jawline"],
  ["full_face", null, 500, 1000, 1500, "Cheeks, chin, jawline"],
  ["neck", null, 250, 500, 1000, "Neck"],
  ["scalp", null, 500, 1500, 1500, "Scalp (hair loss)"],
  ["abdomen", null, 1000, 2500, 2500, "Stretch marks / body"],
  ["thighs", null, 1000, 2500, 2500, "Stretch marks / body"],
  ["buttocks", null, 1000, 2500, 2500, "Stretch marks / body"],
  ["back", null, 1000, 2500, 2500, "Stretch marks / body"],
  ["arms", null, 1000, 2500, 2500, "Stretch marks / body"],
  ["cheek_left", "acne_scars", 1000, 1500, 2000, "Facial acne scars"],
  ["cheek_right", "acne_scars", 1000, 1500, 2000, "Facial acne scars"],
  ["chin", "acne_scars", 1000, 1500, 2000, "Facial acne scars"],
  ["jawline", "acne_scars", 1000, 1500, 2000, "Facial acne scars"],
  ["full_face", "acne_scars", 1000, 1500, 2000, "Facial acne scars"],
  ["cheek_left", "atrophic_scars", 1000, 1500, 2000, "Cheeks: scars up to 2.0 mm"],
  ["cheek_right", "atrophic_scars", 1000, 1500, 2000, "Cheeks: scars up to 2.0 mm"],
];

/** Micrometres (as stored) to millimetres (as shown), like the core's `mm`. */
export const mm = (um: number) => um / 1000;
const mmOrNull = (um: number | null) => (um === null ? null : mm(um));

/** The order the core lists them in: device models by kind, manufacturer, model (bytewise). */
export function sortReferenceLists(ref: ReferenceData): void {
  const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  ref.device_models.sort((a, b) =>
    bytewise(a.kind, b.kind) || bytewise(a.manufacturer, b.manufacturer) || bytewise(a.model, b.model));
  // Guidance by area order, then indication order with "any" first.
  const areaAt = (id: string) => ref.areas.findIndex((a) => a.id === id);
  const indicationAt = (code: string | null) =>
    code === null ? -1 : ref.indications.findIndex((i) => i.code === code);
  ref.depth_guidance.sort((a, b) =>
    areaAt(a.area_id) - areaAt(b.area_id) || indicationAt(a.indication) - indicationAt(b.indication));
}

/** A fresh copy of the seeded reference data. */
export function seedReferenceData(): ReferenceData {
  const scaleId = (code: string) => seedId(3, SCALES.findIndex((s) => s[0] === code) + 1);
  const ref: ReferenceData = {
    areas: AREAS.map(([code, name, region, snomed_code], i) => ({
      id: seedId(1, i + 1), code, name, region, snomed_code, archived: false,
    })),
    indications: INDICATIONS.map(([code, name, responds], i) => ({
      id: seedId(2, i + 1), code, name, responds, archived: false,
    })),
    reaction_scales: SCALES.map(([code, name, min_grade, max_grade, labels], i) => ({
      id: seedId(3, i + 1), code, name, min_grade, max_grade, labels: [...labels],
    })),
    reaction_types: REACTION_TYPES.map(([code, name, scale], i) => ({
      id: seedId(4, i + 1), code, name, default_scale_id: scaleId(scale), archived: false,
    })),
    device_models: DEVICE_MODELS.map(([kind, model, lo, hi, step, evaluated, speeds, needles, note], i) => ({
      id: seedId(5, i + 1), kind, manufacturer: "Generic", model, min_depth_mm: mm(lo), max_depth_mm: mm(hi),
      depth_step_mm: mmOrNull(step), evaluated_max_mm: mmOrNull(evaluated), speed_levels: speeds,
      needles_per_cartridge: needles, note, archived: false,
    })),
    depth_guidance: GUIDANCE.map(([area, indication, lo, hi, upper, source], i) => ({
      id: seedId(6, i + 1), area_id: seedId(1, AREAS.findIndex((a) => a[0] === area) + 1), indication,
      typical_min_mm: mm(lo), typical_max_mm: mm(hi), upper_use_mm: mm(upper), source,
    })),
    settings: { min_interval_days: 28, pih_min_fitzpatrick: 4, pih_depth_mm: mm(1500) },
  };
  sortReferenceLists(ref);
  return ref;
}
