// Contraindication screening as the UI words it: the live findings of the session form
// (`screening.<rule code>`), and a saved session's stored results.
import type { Finding } from "../bindings/Finding";
import type { ScreeningResult } from "../bindings/ScreeningResult";
import type { Session } from "../bindings/Session";
import { plural } from "./labels";

/** What the core adds to a block's message while it still refuses (the panel asks in its own words). */
const ASKS = [
  " To go ahead, write an override reason.",
  " The override reason is too short: say why (at least 10 characters).",
];

/** A block's message split into what was found and what it asks for ("" when nothing). */
export function splitAsk(message: string): { text: string; ask: string } {
  const ask = ASKS.find((a) => message.endsWith(a));
  return ask ? { text: message.slice(0, -ask.length), ask: ask.trim() } : { text: message, ask: "" };
}

/** The rule code of a screening finding. */
export const ruleCode = (f: Finding) => f.rule ?? f.field.replace(/^screening\./, "");

/** "24 rules checked — nothing found", "24 rules checked — 1 block, 1 overridden, 2 warnings". */
export function screeningStatus(checked: number, flagged: Finding[]): string {
  const rules = `${plural(checked, "rule")} checked`;
  if (flagged.length === 0) return `${rules} — nothing found`;
  const blocks = flagged.filter((f) => f.level === "block");
  const open = blocks.filter((f) => !f.overridden).length;
  const parts = [];
  if (open) parts.push(plural(open, "block"));
  if (blocks.length - open) parts.push(`${blocks.length - open} overridden`);
  const warnings = flagged.length - blocks.length;
  if (warnings) parts.push(plural(warnings, "warning"));
  return `${rules} — ${parts.join(", ")}`;
}

/** A saved session's rules that fired, blocks first, in the stored (rule) order. */
export function flaggedResults(s: Session): ScreeningResult[] {
  const flagged = s.screening.filter((r) => r.flagged);
  return [...flagged.filter((r) => r.severity === "block"), ...flagged.filter((r) => r.severity !== "block")];
}

/** The history card's badges: a block passed with a reason, and warnings shown at the save. */
export function screeningBadges(s: Session): { overrides: number; warnings: number } {
  const flagged = s.screening.filter((r) => r.flagged);
  return {
    overrides: flagged.filter((r) => r.severity === "block" && r.override_reason).length,
    warnings: flagged.filter((r) => r.severity === "warn").length,
  };
}
