// The in-memory backend's copy of the core's contraindication screening
// (core/src/screening/evaluate.rs, guidance::screening_findings, screening/store.rs) and of
// the intradermal product warning (guidance/products.rs): same timing rules, field paths and
// sentences. Dates are `YYYY-MM-DD` strings, which compare like the dates they name.
import type { CatalogueProduct } from "../../bindings/CatalogueProduct";
import type { Evidence } from "../../bindings/Evidence";
import type { Finding } from "../../bindings/Finding";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Rule } from "../../bindings/Rule";
import type { ScreeningOverride } from "../../bindings/ScreeningOverride";
import type { ScreeningResult } from "../../bindings/ScreeningResult";
import type { SessionInput } from "../../bindings/SessionInput";
import type { WindowUnit } from "../../bindings/WindowUnit";
import { formatDate } from "../time";

/** The fewest characters an override reason may have: a reason, not a keystroke. */
export const OVERRIDE_REASON_MIN = 10;

/** One rule's verdict on one session: flagged when `evidence` is not empty. */
export interface Outcome {
  rule: Rule;
  evidence: Evidence[];
  message: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * The day before which an entry must have ended to be out of the window: `day` minus the
 * window, with month ends clamped (31 August minus 6 months is 28/29 February).
 */
export function windowStart(day: string, count: number, unit: WindowUnit): string | null {
  if (!Number.isInteger(count) || count < 0) return null;
  const d = utc(day);
  if (Number.isNaN(d.getTime())) return null;
  if (unit !== "months") {
    d.setUTCDate(d.getUTCDate() - count * (unit === "weeks" ? 7 : 1));
    return iso(d);
  }
  const months = d.getUTCFullYear() * 12 + d.getUTCMonth() - count;
  const [y, m] = [Math.floor(months / 12), months % 12];
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay))));
}

/** Whether `entry` counts for `rule` on `day` (areas and indications aside). */
export function countsOn(rule: Rule, entry: HistoryEntry, day: string): boolean {
  if (entry.kind !== rule.reads || !rule.terms.includes(entry.term_code)) return false;
  if (entry.started_on !== null && entry.started_on > day) return false;
  // A treatment happens on its date; other entries last until they end.
  const treatment = entry.kind === "treatment";
  const end = treatment ? (entry.ended_on ?? entry.started_on) : entry.ended_on;
  const ongoing = treatment ? end !== null && end >= day : end === null || end >= day;
  if (rule.timing === "ever") return true;
  if (rule.timing === "current") return ongoing;
  if (rule.window_count === null || rule.window_unit === null) return ongoing;
  if (ongoing) return true;
  // No end date recorded: it may still be going on.
  if (end === null) return true;
  const start = windowStart(day, rule.window_count, rule.window_unit);
  return start !== null && end > start;
}

/** Two areas overlap when they are the same or one includes the other's code. */
export function areasOverlap(ref: ReferenceData, a: string, b: string): boolean {
  if (a === b) return true;
  const x = ref.areas.find((r) => r.id === a);
  const y = ref.areas.find((r) => r.id === b);
  return !!x && !!y && (x.includes.includes(y.code) || y.includes.includes(x.code));
}

function describe(rule: Rule, seen: HistoryEntry[], ref: ReferenceData): string {
  const facts = seen.map((e) => {
    const name = ref.history_terms.find((t) => t.id === e.term_id)?.name ?? e.term_code;
    let when = "";
    if (e.kind === "treatment" && e.started_on) when = ` on ${formatDate(e.started_on)}`;
    else if (e.started_on && e.ended_on) when = ` ${formatDate(e.started_on)} to ${formatDate(e.ended_on)}`;
    else if (e.started_on) when = ` since ${formatDate(e.started_on)}`;
    else if (e.ended_on) when = ` until ${formatDate(e.ended_on)}`;
    const areaName = e.area_id ? ref.areas.find((a) => a.id === e.area_id)?.name : undefined;
    return `${name}${areaName ? ` (${areaName})` : ""}${when}`;
  });
  const message = `${rule.description}: ${facts.join("; ")}.`;
  return rule.advice ? `${message} ${rule.advice}` : message;
}

/** Every active rule over the form, as of the session's calendar day `day`. */
export function screen(input: SessionInput, ref: ReferenceData, entries: HistoryEntry[], day: string): Outcome[] {
  const active = entries.filter((e) => !e.archived);
  const treated = input.areas.map((a) => a.area_id).filter((id): id is string => !!id);
  return ref.rules.filter((r) => r.active).map((rule) => {
    const applies = rule.indications.length === 0 || rule.indications.some((i) => input.indications.includes(i));
    const seen = applies
      ? active
        .filter((e) => countsOn(rule, e, day))
        .filter((e) => !rule.in_area || e.area_id === null || treated.some((t) => areasOverlap(ref, t, e.area_id!)))
      : [];
    return {
      rule,
      evidence: seen.map((e) => ({
        entry_id: e.id, term: e.term_code, started_on: e.started_on, ended_on: e.ended_on, area_id: e.area_id,
      })),
      message: seen.length ? describe(rule, seen, ref) : "",
    };
  });
}

/** The override reason given for a rule, trimmed; empty when none. */
export function reasonFor(overrides: ScreeningOverride[], code: string): string {
  return overrides.find((o) => o.rule_code === code)?.reason.trim() ?? "";
}

/** Flagged rules as findings: a block is marked overridden when the form gives a long enough reason. */
export function screeningFindings(outcomes: Outcome[], overrides: ScreeningOverride[]): Finding[] {
  return outcomes.filter((o) => o.evidence.length > 0).map((o) => {
    const reason = reasonFor(overrides, o.rule.code);
    const block = o.rule.severity === "block";
    const overridden = block && [...reason].length >= OVERRIDE_REASON_MIN;
    let message = o.message;
    if (block && !overridden) {
      message += reason === ""
        ? " To go ahead, write an override reason."
        : " The override reason is too short: say why (at least 10 characters).";
    }
    return {
      field: `screening.${o.rule.code}`, level: o.rule.severity, code: "contraindication", message,
      rule: o.rule.code, overridden,
    };
  });
}

/**
 * What a save stores: every rule's verdict, flagged ones first (then in rule order), flagged
 * ones decided by the clinician at `now` (a block with its override reason).
 */
export function screeningResults(
  outcomes: Outcome[], overrides: ScreeningOverride[], clinician: string, now: string,
): ScreeningResult[] {
  const results = outcomes.map((o): ScreeningResult => {
    const flagged = o.evidence.length > 0;
    return {
      rule_id: o.rule.id, rule_code: o.rule.code, rule_version: o.rule.version, severity: o.rule.severity,
      flagged, evidence: o.evidence, message: o.message,
      override_reason: flagged && o.rule.severity === "block" ? reasonFor(overrides, o.rule.code) : null,
      decided_by: flagged ? clinician : null,
      decided_at: flagged ? now : null,
    };
  });
  return [...results.filter((r) => r.flagged), ...results.filter((r) => !r.flagged)];
}

/** The core's search key: trimmed, NFC, lowercase. */
const nameKey = (s: string) => s.trim().normalize("NFC").toLowerCase().normalize("NFC");

/** A session product's catalogue entry: by id when given, else by name ignoring case. */
export function findProduct(
  products: CatalogueProduct[], id: string | null, name: string,
): CatalogueProduct | undefined {
  if (id !== null) return products.find((p) => p.id === id);
  const key = nameKey(name);
  return products.find((p) => nameKey(p.name) === key);
}

/** Serums and glides the catalogue does not list as approved for intradermal use. */
export function intradermalFindings(input: SessionInput, ref: ReferenceData): Finding[] {
  const out: Finding[] = [];
  input.products.forEach((p, i) => {
    if (p.role !== "serum" && p.role !== "glide") return;
    const product = findProduct(ref.products, p.product_id, p.name);
    if (!product || product.intradermal === "yes") return;
    const what = product.intradermal === "no"
      ? "is not approved for intradermal use"
      : "has no recorded approval for intradermal use (check the label)";
    out.push({
      field: `products[${i}].name`, level: "warn", code: "not_intradermal",
      message: `${product.name} ${what}.${product.note ? ` ${product.note}` : ""}`, rule: null, overridden: false,
    });
  });
  return out;
}
