// Working copies and words for the screening settings (contraindication rules, the product
// catalogue, the medical-history vocabulary) and their conversion to the backend's inputs.
// Each save goes to the backend, then reloads the shared reference data, like the other
// Settings forms, so the session form's next check already uses the new rules.
import type { CatalogueProduct } from "../bindings/CatalogueProduct";
import type { CatalogueProductInput } from "../bindings/CatalogueProductInput";
import type { FindingLevel } from "../bindings/FindingLevel";
import type { HistoryKind } from "../bindings/HistoryKind";
import type { HistoryTerm } from "../bindings/HistoryTerm";
import type { Intradermal } from "../bindings/Intradermal";
import type { ProductKind } from "../bindings/ProductKind";
import type { Rule } from "../bindings/Rule";
import type { RuleInput } from "../bindings/RuleInput";
import type { Timing } from "../bindings/Timing";
import type { WindowUnit } from "../bindings/WindowUnit";
import type { FieldErrors } from "./field-errors";
import { reference } from "./stores/reference.svelte";

export const HISTORY_KINDS: { value: HistoryKind; label: string; group: string }[] = [
  { value: "condition", label: "Condition", group: "Conditions" },
  { value: "medication", label: "Medication", group: "Medications" },
  { value: "allergy", label: "Allergy", group: "Allergies" },
  { value: "treatment", label: "Past treatment", group: "Past treatments" },
  { value: "pregnancy", label: "Pregnancy / breastfeeding", group: "Pregnancy and breastfeeding" },
];

export const TIMINGS: { value: Timing; label: string; hint: string }[] = [
  { value: "current", label: "Current", hint: "ongoing on the session day" },
  { value: "within", label: "Within a time window", hint: "ongoing, or ended less than a set time before" },
  { value: "ever", label: "Ever", hint: "at any time before the session" },
];

export const WINDOW_UNITS: { value: WindowUnit; label: string }[] = [
  { value: "days", label: "days" },
  { value: "weeks", label: "weeks" },
  { value: "months", label: "months" },
];

export const SEVERITIES: { value: FindingLevel; label: string; hint: string }[] = [
  { value: "block", label: "Block", hint: "the session is saved only with a written override reason" },
  { value: "warn", label: "Warn", hint: "shown in the session form; saving acknowledges it" },
];

export const PRODUCT_KINDS: { value: ProductKind; label: string }[] = [
  { value: "serum", label: "Serum" },
  { value: "glide", label: "Glide" },
  { value: "post_care", label: "Post-care" },
  { value: "anaesthetic", label: "Numbing cream" },
  { value: "cartridge", label: "Cartridge / roller head" },
];

export const INTRADERMAL: { value: Intradermal; label: string; hint: string }[] = [
  { value: "yes", label: "Yes", hint: "approved for use in the skin" },
  { value: "no", label: "No", hint: "surface only: warns when used as a serum or glide" },
  { value: "unknown", label: "Unknown", hint: "not checked yet: warns until the label is checked" },
];

const labelOf = <T>(list: { value: T; label: string }[], v: T) => list.find((o) => o.value === v)?.label ?? String(v);
export const kindLabel = (v: HistoryKind) => labelOf(HISTORY_KINDS, v);
export const productKindLabel = (v: ProductKind) => labelOf(PRODUCT_KINDS, v);
export const intradermalLabel = (v: Intradermal) => labelOf(INTRADERMAL, v);

/** The lists this module edits, as the reference store holds them (empty until loaded). */
export const rulesList = (): Rule[] => reference.data?.rules ?? [];
export const termsList = (): HistoryTerm[] => reference.data?.history_terms ?? [];
export const productsList = (): CatalogueProduct[] => reference.data?.products ?? [];

export const termOf = (code: string) => termsList().find((t) => t.code === code);
/** A term's name; a code no longer in the vocabulary is shown as the code. */
export const termName = (code: string) => termOf(code)?.name ?? code;

/** "Within 6 months", "Current", "Ever". */
export function timingText(r: Pick<Rule, "timing" | "window_count" | "window_unit">): string {
  if (r.timing !== "within") return labelOf(TIMINGS, r.timing);
  const n = r.window_count ?? 0;
  const unit = r.window_unit ?? "days";
  return `Within ${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
}

/** A code from a name: "Oral isotretinoin, recent" → "oral_isotretinoin_recent". */
export const codeFrom = (name: string) =>
  name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "").slice(0, 40);

/** A rule being edited: the input, with the window count as typed. */
export type RuleDraft = Omit<RuleInput, "window_count"> & { window_count: number | string | null | undefined };

export function ruleDraft(id: string, r?: Rule): RuleDraft {
  if (r) {
    const { version: _version, ...rest } = r;
    return { ...rest, terms: [...r.terms], indications: [...r.indications] };
  }
  return {
    id, code: "", description: "", reads: "condition", terms: [], timing: "current", window_count: null,
    window_unit: null, in_area: false, indications: [], severity: "warn", advice: "", source: "", active: true,
  };
}

/**
 * The input for a draft. Ticked terms of another kind (left over from changing "Reads") are
 * dropped; the window is sent only with "within". A window that is not a whole number is sent
 * as 0, which the backend refuses with its own sentence.
 */
export function ruleInput(d: RuleDraft): RuleInput {
  const within = d.timing === "within";
  const raw = d.window_count === "" || d.window_count === undefined || d.window_count === null ? null : Number(d.window_count);
  const count = raw === null || Number.isNaN(raw) ? null : Number.isInteger(raw) ? raw : 0;
  return {
    id: d.id, code: d.code, description: d.description, reads: d.reads,
    terms: d.terms.filter((code) => (termOf(code)?.kind ?? d.reads) === d.reads),
    timing: d.timing, window_count: within ? count : null, window_unit: within ? d.window_unit : null,
    in_area: d.in_area, indications: [...d.indications], severity: d.severity, advice: d.advice,
    source: d.source, active: d.active,
  };
}

/** A stored rule as an input (to toggle one field). */
export const ruleInputOf = (r: Rule, change: Partial<RuleInput> = {}): RuleInput => ({
  ...ruleInput(ruleDraft(r.id, r)), ...change,
});

export function productDraft(id: string, p?: CatalogueProduct): CatalogueProductInput {
  return p ? { ...p } : { id, name: "", kind: "serum", intradermal: "unknown", note: "", archived: false };
}

/** Runs a save, then reloads the reference data (orders and versions are the backend's). */
export async function saveAndReload<T>(save: () => Promise<T>): Promise<T> {
  const saved = await save();
  await reference.load();
  return saved;
}

/** Field errors as one sentence, for a row with no field to show them under. */
export const errorSentence = (errors: FieldErrors) => Object.values(errors).join(" ") || null;

/** Focuses the first invalid field; for a group of checkboxes or radios, its first control. */
export function focusInvalid(root: HTMLElement): void {
  const el = root.querySelector<HTMLElement>("[aria-invalid='true']");
  const target = el instanceof HTMLFieldSetElement ? el.querySelector<HTMLElement>("input, select, textarea") : el;
  target?.focus();
  el?.scrollIntoView?.({ block: "center" });
}
