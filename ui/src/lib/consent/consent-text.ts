// The words clinicians see for a consent: what it is for, the photo uses, how and by whom it
// was signed, the line the session form shows, and the text split into paragraphs as signed.
// Also who may record one, and which day a revocation starts on by default.
import type { Consent } from "../../bindings/Consent";
import type { ConsentKind } from "../../bindings/ConsentKind";
import type { ConsentMethod } from "../../bindings/ConsentMethod";
import type { PhotoScope } from "../../bindings/PhotoScope";
import type { SignerRelation } from "../../bindings/SignerRelation";
import { auth } from "../stores/auth.svelte";
import { formatInstantDate, todayIso } from "../time";

export const KIND_LABEL: Record<ConsentKind, string> = { treatment: "Treatment", photo: "Photos" };
/** "Record treatment consent", the form's heading. */
export const KIND_NAME: Record<ConsentKind, string> = { treatment: "treatment consent", photo: "photo consent" };

/** A photo use the signer may tick (the clinical record is always included). */
export type OptionalScope = Exclude<PhotoScope, "clinical_record">;
interface ScopeChoice<T extends PhotoScope> {
  value: T;
  label: string;
  hint: string;
}
export const CLINICAL_RECORD: ScopeChoice<"clinical_record"> = {
  value: "clinical_record", label: "Clinical record", hint: "always: the patient's own record",
};
export const OPTIONAL_SCOPES: ScopeChoice<OptionalScope>[] = [
  { value: "teaching", label: "Teaching", hint: "courses and journals, unnamed" },
  { value: "marketing", label: "Marketing", hint: "the clinic's publicity, unnamed" },
];
export const SCOPES: ScopeChoice<PhotoScope>[] = [CLINICAL_RECORD, ...OPTIONAL_SCOPES];
export const scopeLabel = (s: PhotoScope) => SCOPES.find((x) => x.value === s)?.label ?? s;
/** "Clinical record, teaching". */
export function scopesLine(scopes: PhotoScope[]): string {
  const words = scopes.map(scopeLabel);
  return words.map((w, i) => (i ? w.toLowerCase() : w)).join(", ");
}

export const METHOD_LABEL: Record<ConsentMethod, string> = { drawn: "Signed on screen", paper: "Signed on paper" };
export const RELATIONS: { value: SignerRelation; label: string }[] = [
  { value: "self", label: "The patient" },
  { value: "guardian", label: "Parent or guardian" },
];

/** "Mary Seacole (guardian)". */
export const signerLine = (c: Pick<Consent, "signer_name" | "signer_relation">) =>
  c.signer_relation === "guardian" ? `${c.signer_name} (guardian)` : c.signer_name;

export const NO_TREATMENT_CONSENT = "No treatment consent on file for this patient. Record one before treating.";
/** "Treatment consent signed 12 Nov 2026". */
export const treatmentSignedLine = (c: Consent) => `Treatment consent signed ${formatInstantDate(c.signed_at)}`;

const utcDay = (t: Date | string) => new Date(t).toISOString().slice(0, 10);

/** True when `c` held on `day` (`YYYY-MM-DD`, UTC as in the core): signed by then, not yet revoked. */
export function inForceOn(c: Consent, day: string): boolean {
  return utcDay(c.signed_at) <= day && (!c.revoked || c.revoked.effective_on > day);
}

/** The newest treatment consent in force on the UTC day of `instant` (list is newest first). */
export function treatmentOn(consents: Consent[], instant: string): Consent | null {
  const day = utcDay(instant);
  return consents.find((c) => c.kind === "treatment" && inForceOn(c, day)) ?? null;
}

/**
 * Today, as a revocation's first day: the local day, or the UTC day when that is earlier (the
 * core refuses a day after its own, UTC, today).
 */
export function revokeDefaultDay(now: Date = new Date()): string {
  const local = todayIso(now);
  const utc = utcDay(now);
  return utc < local ? utc : local;
}

/** The text as paragraphs (blank lines between them); line breaks inside one are kept. */
export function paragraphs(text: string): string[] {
  return text.split(/\n[ \t]*\n+/).map((p) => p.replace(/^\n+|\n+$/g, "")).filter((p) => p.trim() !== "");
}

/** Recording and revoking consents is for clinicians and aestheticians. */
export const canRecordConsent = () => auth.has("clinician") || auth.has("aesthetician");
