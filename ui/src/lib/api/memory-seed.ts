// The reference lists exactly as migration 0001 seeds them (same ids, codes, names, order),
// so the in-memory backend behaves like a freshly created clinic database.
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

/** A fresh copy of the seeded reference data. */
export function seedReferenceData(): ReferenceData {
  const scaleId = (code: string) => seedId(3, SCALES.findIndex((s) => s[0] === code) + 1);
  return {
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
  };
}
