// The words clinicians see for the backend's enum values, and small display helpers.
import type { DeviceKind } from "../bindings/DeviceKind";
import type { DeviceModel } from "../bindings/DeviceModel";
import type { NeedlePattern } from "../bindings/NeedlePattern";
import type { ProductRole } from "../bindings/ProductRole";
import type { SexAtBirth } from "../bindings/SexAtBirth";
import type { TimePoint } from "../bindings/TimePoint";

export const DEVICE_KINDS: { value: DeviceKind; label: string }[] = [
  { value: "derma_pen", label: "Derma pen" },
  { value: "derma_roller", label: "Derma roller" },
  { value: "stamp", label: "Stamp" },
  { value: "rf_microneedling", label: "RF microneedling" },
];

export const NEEDLE_PATTERNS: { value: NeedlePattern; label: string }[] = [
  { value: "vertical", label: "Vertical" },
  { value: "horizontal", label: "Horizontal" },
  { value: "diagonal", label: "Diagonal" },
  { value: "crosshatch", label: "Crosshatch" },
];

export const PRODUCT_ROLES: { value: ProductRole; label: string }[] = [
  { value: "serum", label: "Serum" },
  { value: "glide", label: "Glide" },
  { value: "post_care", label: "Post-care" },
  { value: "anaesthetic", label: "Anaesthetic" },
];

export const TIME_POINTS: { value: TimePoint; label: string }[] = [
  { value: "immediate", label: "Immediate" },
  { value: "h24", label: "24 h" },
  { value: "h72", label: "72 h" },
  { value: "day7", label: "Day 7" },
  { value: "next_visit", label: "Next visit" },
];

export const SEXES: { value: SexAtBirth; label: string }[] = [
  { value: "female", label: "Female" },
  { value: "male", label: "Male" },
  { value: "intersex", label: "Intersex" },
  { value: "unknown", label: "Not recorded" },
];

export const FITZPATRICK: { value: number; roman: string; description: string }[] = [
  { value: 1, roman: "I", description: "always burns, never tans" },
  { value: 2, roman: "II", description: "usually burns, tans minimally" },
  { value: 3, roman: "III", description: "sometimes burns, tans gradually" },
  { value: 4, roman: "IV", description: "rarely burns, tans well" },
  { value: 5, roman: "V", description: "very rarely burns, brown skin" },
  { value: 6, roman: "VI", description: "never burns, deeply pigmented" },
];

/** Common products offered as suggestions; any name can be typed. */
export const COMMON_PRODUCTS = [
  "Hyaluronic acid",
  "PRP",
  "Vitamin C",
  "Growth factors",
  "Tranexamic acid",
  "Peptides",
  "Exosomes",
];

/** Clinical endpoints offered as suggestions. */
export const COMMON_ENDPOINTS = ["Uniform erythema", "Pinpoint bleeding"];

function labelOf<T>(list: { value: T; label: string }[], value: T | null | undefined): string {
  if (value === null || value === undefined) return "";
  return list.find((o) => o.value === value)?.label ?? String(value);
}

export const deviceLabel = (v: DeviceKind | null | undefined) => labelOf(DEVICE_KINDS, v);
export const patternLabel = (v: NeedlePattern | null | undefined) => labelOf(NEEDLE_PATTERNS, v);
export const timePointLabel = (v: TimePoint | null | undefined) => labelOf(TIME_POINTS, v);
export const sexLabel = (v: SexAtBirth | null | undefined) => labelOf(SEXES, v);

/** Role as written in a sentence: "serum", "post-care". */
export const roleLabel = (v: ProductRole | null | undefined) =>
  labelOf(PRODUCT_ROLES, v).toLowerCase();

/** Fitzpatrick type as a Roman numeral, or "". */
export function fitzpatrickRoman(v: number | null | undefined): string {
  return FITZPATRICK.find((f) => f.value === v)?.roman ?? "";
}

/** "Family, Given" for lists. */
export function listName(p: { given_name: string; family_name: string }): string {
  return `${p.family_name}, ${p.given_name}`;
}

/** "Given Family" for headings. */
export function fullName(p: { given_name: string; family_name: string }): string {
  return `${p.given_name} ${p.family_name}`;
}

/** Depth as the clinic writes it: always two decimals, "1.50 mm". */
export function formatDepth(mm: number): string {
  return `${mm.toFixed(2)} mm`;
}

/** A device model as clinicians pick it: "Generic Motorised pen, 0.25 mm steps". */
export function modelLabel(d: Pick<DeviceModel, "manufacturer" | "model">): string {
  return `${d.manufacturer} ${d.model}`;
}

/** Millimetres as the reference tables give them: "0.25 mm", "2.5 mm". */
export function formatMm(mm: number): string {
  return `${mm} mm`;
}

/** The depths a model can be set to, compactly: "0.25–2.5 mm, 0.25 steps", "1 mm fixed". */
export function modelRange(d: DeviceModel): string {
  if (d.min_depth_mm === d.max_depth_mm) return `${formatMm(d.min_depth_mm)} fixed`;
  const range = `${d.min_depth_mm}–${formatMm(d.max_depth_mm)}`;
  return d.depth_step_mm === null ? range : `${range}, ${d.depth_step_mm} steps`;
}

/** "1 session", "12 sessions". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
