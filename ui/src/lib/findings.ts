// Live guidance in the session form: the backend's findings (warnings and refusals) placed
// under their fields, like field errors. A finding's `field` is the same input path as a
// field error's, so `areas[0].needle_depth_mm` is shown under `#areas-0-needle_depth_mm`.
import type { Finding } from "../bindings/Finding";
import type { FieldErrors } from "./field-errors";
import { inputId } from "./field-errors";
import { plural } from "./labels";

/** A refusal still standing: a block not passed with an override reason. */
export const refuses = (f: Finding) => f.level === "block" && !f.overridden;

/** Screening findings (`screening.<rule code>`): shown in the Screening panel, not under a field. */
export const isScreening = (f: Finding) => f.field.startsWith("screening.");

/** Findings by field path, in the backend's order. */
export type FindingsByField = Record<string, Finding[]>;

export function byField(findings: Finding[]): FindingsByField {
  const out: FindingsByField = {};
  for (const f of findings) (out[f.field] ??= []).push(f);
  return out;
}

/**
 * What to show under a field: its findings, less a refusal whose sentence the field's error
 * already says (a refused save reports the same blocks as field errors).
 */
export function shownFindings(findings: Finding[] | undefined, error: string | undefined): Finding[] {
  return (findings ?? []).filter((f) => !(f.level === "block" && error?.includes(f.message)));
}

/**
 * The save bar's summary: "1 problem must be fixed before saving · 2 warnings · 1 overridden",
 * or "". A block passed with an override reason no longer needs fixing.
 */
export function findingSummary(findings: Finding[]): string {
  const blocks = findings.filter(refuses).length;
  const overridden = findings.filter((f) => f.level === "block" && f.overridden).length;
  const warnings = findings.length - blocks - overridden;
  const parts = [];
  if (blocks) parts.push(`${plural(blocks, "problem")} must be fixed before saving`);
  if (warnings) parts.push(plural(warnings, "warning"));
  if (overridden) parts.push(`${overridden} overridden`);
  return parts.join(" · ");
}

/** Where "go to the first one" takes the cursor: the first refusal, else the first finding. */
export function firstFinding(findings: Finding[]): Finding | undefined {
  return findings.find(refuses) ?? findings[0];
}

/**
 * Field errors after a new check: an error that was a refusal (a block finding of the last
 * check) and is no longer refused is dropped, so a corrected depth stops showing as wrong.
 */
export function settleErrors(errors: FieldErrors, before: Finding[], after: Finding[]): FieldErrors {
  const blocked = (list: Finding[], field: string, message: string) =>
    list.some((f) => refuses(f) && f.field === field && message.includes(f.message));
  const kept = Object.entries(errors).filter(
    ([field, message]) => !blocked(before, field, message) || blocked(after, field, message),
  );
  return kept.length === Object.keys(errors).length ? errors : Object.fromEntries(kept);
}

/**
 * aria and styling attributes for an input that may have an error, findings and a hint:
 * aria-describedby names each message shown, `data-finding` colours the border.
 */
export function fieldAttrs(
  errors: FieldErrors, findings: FindingsByField, field: string, id: string = inputId(field), hint = false,
) {
  const shown = shownFindings(findings[field], errors[field]);
  const described = [
    errors[field] ? `${id}-error` : null,
    shown.length ? `${id}-finding` : null,
    hint ? `${id}-hint` : null,
  ].filter(Boolean);
  const level = shown.some((f) => f.level === "block") ? "block" : shown.length ? "warn" : undefined;
  return {
    "aria-invalid": errors[field] ? ("true" as const) : undefined,
    "aria-describedby": described.length ? described.join(" ") : undefined,
    "data-finding": level,
  };
}
