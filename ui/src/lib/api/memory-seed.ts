// The reference lists exactly as migrations 0001, 0002, 0003 and 0005 seed them (same ids, codes,
// names, values, order), so the in-memory backend behaves like a freshly created clinic database.
// Depths are written in micrometres, as the migration stores them, and shown in mm.
import type { DeviceKind } from "../../bindings/DeviceKind";
import type { FindingLevel } from "../../bindings/FindingLevel";
import type { HistoryKind } from "../../bindings/HistoryKind";
import type { Intradermal } from "../../bindings/Intradermal";
import type { MapSpot } from "../../bindings/MapSpot";
import type { NeedlePattern } from "../../bindings/NeedlePattern";
import type { ProductKind } from "../../bindings/ProductKind";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Region } from "../../bindings/Region";
import type { Timing } from "../../bindings/Timing";
import type { WindowUnit } from "../../bindings/WindowUnit";

/** Seeded ids: `00000000-0000-7000-800<table, hex>-<n, 12 digits>`. */
export const seedId = (table: number, n: number) =>
  `00000000-0000-7000-800${table.toString(16)}-${String(n).padStart(12, "0")}`;

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

// Migration 0005: where each seeded area sits on the face / body map (view, x %, y %).
const MAP_SPOTS: Record<string, [MapSpot["view"], number, number]> = {
  forehead: ["face", 50, 18],
  periorbital: ["face", 50, 38],
  nose: ["face", 50, 52],
  cheek_left: ["face", 72, 58],
  cheek_right: ["face", 28, 58],
  perioral: ["face", 50, 68],
  chin: ["face", 50, 84],
  jawline: ["face", 22, 78],
  full_face: ["face", 88, 10],
  neck: ["body", 50, 14],
  decolletage: ["body", 50, 24],
  scalp: ["body", 50, 3],
  hands: ["body", 14, 52],
  arms: ["body", 20, 34],
  abdomen: ["body", 50, 42],
  back: ["body", 80, 30],
  buttocks: ["body", 80, 50],
  thighs: ["body", 42, 64],
};

const mapSpot = (code: string): MapSpot | null => {
  const spot = MAP_SPOTS[code];
  return spot ? { view: spot[0], x: spot[1], y: spot[2] } : null;
};

// Migration 0005: protocol templates (name, indication, sessions, interval days, serum, note), ids 1…4,
// and their areas (area code, depth µm, passes, pattern), all on seeded device 2 (pen, 0.25 mm steps).
const PROTOCOLS: [string, string, number, number, string, string, [string, number, number, NeedlePattern][]][] = [
  ["Acne scars, face", "acne_scars", 6, 35, "Hyaluronic acid serum", "At least four treatments, 4-6 weeks apart.", [
    ["cheek_left", 1500, 3, "crosshatch"], ["cheek_right", 1500, 3, "crosshatch"], ["chin", 1000, 3, "crosshatch"],
  ]],
  ["Fine lines, face", "fine_lines", 4, 28, "Hyaluronic acid serum", "", [
    ["forehead", 500, 2, "crosshatch"], ["periorbital", 250, 2, "horizontal"], ["perioral", 500, 2, "vertical"],
  ]],
  ["Hair loss, scalp", "hair_loss", 6, 28, "PRP (platelet-rich plasma)", "", [["scalp", 1000, 3, "crosshatch"]]],
  ["Stretch marks, abdomen", "stretch_marks", 6, 42, "Hyaluronic acid serum", "", [["abdomen", 2000, 3, "crosshatch"]]],
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

// Migration 0003: which areas an area includes (areas overlap when the same or one includes the other).
const INCLUDES: Record<string, string[]> = {
  full_face: ["forehead", "periorbital", "nose", "cheek_left", "cheek_right", "perioral", "chin", "jawline"],
};

// Migration 0003: the medical-history vocabulary (n, code, kind, name); ids use n.
const HISTORY_TERMS: [number, string, HistoryKind, string][] = [
  [1, "skin_infection", "condition", "Skin infection"],
  [2, "open_wound", "condition", "Open wound"],
  [3, "acne_breakout", "condition", "Active acne breakout"],
  [4, "cold_sore", "condition", "Cold sore (HSV), active"],
  [5, "hsv_history", "condition", "Cold sores (HSV) in the past"],
  [6, "keloid_tendency", "condition", "Keloid / hypertrophic scar tendency"],
  [7, "rosacea", "condition", "Rosacea"],
  [8, "eczema_flare", "condition", "Eczema flare"],
  [9, "psoriasis_flare", "condition", "Psoriasis flare"],
  [10, "bleeding_disorder", "condition", "Bleeding disorder"],
  [11, "diabetes_uncontrolled", "condition", "Diabetes, uncontrolled"],
  [12, "immunosuppression", "condition", "Immunosuppression"],
  [13, "chemo_radiotherapy", "condition", "Chemotherapy / radiotherapy"],
  [14, "sunburn", "condition", "Sunburn"],
  [20, "isotretinoin", "medication", "Isotretinoin (oral)"],
  [21, "retinoid_topical", "medication", "Topical retinoid (tretinoin, adapalene…)"],
  [22, "warfarin", "medication", "Warfarin"],
  [23, "heparin", "medication", "Heparin"],
  [24, "clopidogrel", "medication", "Clopidogrel"],
  [25, "aspirin", "medication", "Aspirin"],
  [26, "doac", "medication", "Other anticoagulant (apixaban, rivaroxaban…)"],
  [27, "immunosuppressant", "medication", "Immunosuppressant"],
  [28, "antiviral", "medication", "Antiviral prophylaxis (aciclovir, valaciclovir…)"],
  [40, "nickel", "allergy", "Nickel / metal"],
  [41, "local_anaesthetic", "allergy", "Local anaesthetic (lidocaine…)"],
  [50, "laser", "treatment", "Laser"],
  [51, "ipl", "treatment", "IPL"],
  [52, "chemical_peel", "treatment", "Chemical peel"],
  [53, "neurotoxin", "treatment", "Neurotoxin (botulinum toxin)"],
  [54, "filler", "treatment", "Dermal filler"],
  [60, "pregnant", "pregnancy", "Pregnant"],
  [61, "breastfeeding", "pregnancy", "Breastfeeding"],
];

type RuleSeed = [code: string, description: string, reads: HistoryKind, terms: string[], timing: Timing,
  window: [number, WindowUnit] | null, inArea: boolean, indications: string[], severity: FindingLevel, advice: string];

// Migration 0003: contraindication rules, in order (ids 1…24), source "Dermalog domain reference v1".
const RULES: RuleSeed[] = [
  ["infection_in_area", "Active skin infection or open wound in the treated area",
    "condition", ["skin_infection", "open_wound"], "current", null, true, [], "block", "Treat once it has healed."],
  ["acne_in_area", "Active acne breakout in the treated area",
    "condition", ["acne_breakout"], "current", null, true, [], "block",
    "Needling spreads bacteria: wait until the breakout has settled."],
  ["cold_sore_in_area", "Active cold sore (HSV) in the treated area",
    "condition", ["cold_sore"], "current", null, true, [], "block", "Wait until it has healed."],
  ["keloid_scar_treatment", "Keloid tendency while treating scars",
    "condition", ["keloid_tendency"], "ever", null, false, ["acne_scars", "atrophic_scars", "raised_scars"], "block",
    "Needling can trigger keloids in prone skin."],
  ["pregnancy", "Pregnancy", "pregnancy", ["pregnant"], "current", null, false, [], "block",
    "Postpone until after pregnancy."],
  ["isotretinoin_recent", "Oral isotretinoin taken in the last 6 months",
    "medication", ["isotretinoin"], "within", [6, "months"], false, [], "warn",
    "Evidence for waiting is weak; record the discussion."],
  ["rosacea", "Rosacea", "condition", ["rosacea"], "current", null, false, [], "warn",
    "Treat only outside flares, gently."],
  ["eczema_psoriasis_flare", "Eczema or psoriasis flare",
    "condition", ["eczema_flare", "psoriasis_flare"], "current", null, false, [], "warn", "Avoid flaring skin."],
  ["bleeding_disorder", "Bleeding disorder", "condition", ["bleeding_disorder"], "current", null, false, [], "warn",
    "Expect more bleeding and bruising; consider shallower depths."],
  ["anticoagulants", "Anticoagulant or antiplatelet medication",
    "medication", ["warfarin", "heparin", "clopidogrel", "aspirin", "doac"], "current", null, false, [], "warn",
    "Expect more bleeding and bruising; do not stop prescribed medication without the prescriber."],
  ["diabetes_uncontrolled", "Uncontrolled diabetes",
    "condition", ["diabetes_uncontrolled"], "current", null, false, [], "warn", "Slower healing and more infection risk."],
  ["immunosuppression", "Immunosuppression",
    "condition", ["immunosuppression"], "current", null, false, [], "warn", "More infection risk."],
  ["immunosuppressant", "Immunosuppressant medication",
    "medication", ["immunosuppressant"], "current", null, false, [], "warn", "More infection risk."],
  ["chemo_radiotherapy", "Chemotherapy or radiotherapy",
    "condition", ["chemo_radiotherapy"], "current", null, false, [], "warn", "Ask the oncology team."],
  ["breastfeeding", "Breastfeeding", "pregnancy", ["breastfeeding"], "current", null, false, [], "warn",
    "Avoid serums not known to be safe while breastfeeding."],
  ["metal_allergy", "Metal (nickel) allergy", "allergy", ["nickel"], "current", null, false, [], "warn",
    "Check the needle material."],
  ["anaesthetic_allergy", "Local anaesthetic allergy",
    "allergy", ["local_anaesthetic"], "current", null, false, [], "warn", "Do not use the numbing cream it reacts to."],
  ["laser_ipl_recent", "Laser or IPL less than 2 weeks ago",
    "treatment", ["laser", "ipl"], "within", [2, "weeks"], true, [], "warn", "Let the skin recover first."],
  ["sunburn_recent", "Sunburn less than 2 weeks ago",
    "condition", ["sunburn"], "within", [2, "weeks"], true, [], "warn", "Let the skin recover first."],
  ["peel_recent", "Chemical peel less than 30 days ago",
    "treatment", ["chemical_peel"], "within", [30, "days"], true, [], "warn", "Let the skin recover first."],
  ["neurotoxin_recent", "Neurotoxin less than 3 months ago",
    "treatment", ["neurotoxin"], "within", [3, "months"], true, [], "warn",
    "Needling may spread it; avoid the injected area."],
  ["filler_recent", "Dermal filler less than 6 months ago",
    "treatment", ["filler"], "within", [6, "months"], true, [], "warn", "Avoid the filled area."],
  ["hsv_history", "History of cold sores (HSV)",
    "condition", ["hsv_history", "cold_sore"], "ever", null, false, [], "warn",
    "Document antiviral prophylaxis taken about 24 h before."],
  ["retinoid_recent", "Topical retinoid stopped less than 7 days ago",
    "medication", ["retinoid_topical"], "within", [7, "days"], false, [], "warn",
    "Stop retinoids 3-7 days before needling."],
];

// Migration 0003: the product catalogue (name, kind, intradermal, note), ids 1…14.
const PRODUCTS: [string, ProductKind, Intradermal, string][] = [
  ["Hyaluronic acid serum", "serum", "unknown", ""],
  ["Hyaluronic glide gel", "glide", "unknown", ""],
  ["PRP (platelet-rich plasma)", "serum", "unknown", "Autologous."],
  ["Vitamin C serum", "serum", "no", "Granulomatous reactions reported under motorised pens."],
  ["Growth factor serum", "serum", "unknown", ""],
  ["Tranexamic acid serum", "serum", "unknown", ""],
  ["Peptide serum", "serum", "unknown", ""],
  ["Exosome serum", "serum", "no", "No exosome product is approved by regulators."],
  ["Tretinoin", "serum", "no", ""],
  ["Post-procedure balm", "post_care", "no", "Apply on the surface after treatment."],
  ["Mineral sunscreen SPF 50", "post_care", "no", ""],
  ["Lidocaine 4 % cream", "anaesthetic", "no", "Topical numbing only."],
  ["Pen cartridge, 12 needles", "cartridge", "yes", ""],
  ["Pen cartridge, 36 needles", "cartridge", "yes", ""],
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
      id: seedId(1, i + 1), code, name, region, snomed_code, includes: [...(INCLUDES[code] ?? [])],
      map: mapSpot(code), archived: false,
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
    settings: {
      min_interval_days: 28, pih_min_fitzpatrick: 4, pih_depth_mm: mm(1500), due_soon_days: 7,
      clinic_name: "", idle_lock_minutes: 15,
    },
    history_terms: HISTORY_TERMS.map(([n, code, kind, name]) => ({ id: seedId(8, n), code, kind, name, archived: false })),
    rules: RULES.map(([code, description, reads, terms, timing, window, in_area, indications, severity, advice], i) => ({
      id: seedId(9, i + 1), code, description, reads, terms: [...terms], timing,
      window_count: window?.[0] ?? null, window_unit: window?.[1] ?? null, in_area, indications: [...indications],
      severity, advice, source: "Dermalog domain reference v1", version: 1, active: true,
    })),
    products: PRODUCTS.map(([name, kind, intradermal, note], i) => ({
      id: seedId(10, i + 1), name, kind, intradermal, note, archived: false,
    })),
    protocols: PROTOCOLS.map(([name, indication, target_sessions, interval_days, serum, note, areas], i) => ({
      id: seedId(13, i + 1), name, indication, target_sessions, interval_days, serum, note, archived: false,
      areas: areas.map(([code, um, passes, pattern]) => ({
        area_id: seedId(1, AREAS.findIndex((a) => a[0] === code) + 1), device_kind: "derma_pen" as const,
        device_model_id: seedId(5, 2), needle_depth_mm: mm(um), passes, pattern,
      })),
    })),
  };
  sortReferenceLists(ref);
  return ref;
}
