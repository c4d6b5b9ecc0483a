// Signatures and addenda in words, and who may add which: a clinician signs a draft as its
// author; other clinicians review or co-sign it once signed; clinicians add corrections,
// clinicians and aestheticians add follow-up reactions and review comments.
import type { Addendum } from "../bindings/Addendum";
import type { AddendumKind } from "../bindings/AddendumKind";
import type { Meaning } from "../bindings/Meaning";
import type { Session } from "../bindings/Session";
import type { Signature } from "../bindings/Signature";
import type { User } from "../bindings/User";
import { formatDateTime } from "./time";

/** What the session form and a refused save say about a signed session. */
export const SIGNED_NOTICE = "This session is signed and cannot be changed. Add an addendum instead.";

/** The signer's part, as the line ends: "as author". */
export const MEANING_WORDS: Record<Meaning, string> = {
  author: "author",
  review: "reviewer",
  cosign: "co-signer",
};

export const ADDENDUM_KINDS: { value: AddendumKind; label: string }[] = [
  { value: "correction", label: "Correction" },
  { value: "follow_up", label: "Follow-up" },
  { value: "comment", label: "Review comment" },
];

export function kindLabel(kind: AddendumKind): string {
  return ADDENDUM_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** "Signed by Dr Ana Silva, MD, OM 54321 on 20 Nov 2026, 10:15 as author". */
export function signatureLine(sig: Signature): string {
  const who = sig.signer_registration ? `${sig.signer_name}, ${sig.signer_registration}` : sig.signer_name;
  return `Signed by ${who} on ${formatDateTime(sig.signed_at)} as ${MEANING_WORDS[sig.meaning]}`;
}

/** "Correction by Dr Ana Silva, MD · 21 Nov 2026, 09:00". */
export function addendumHead(a: Addendum): string {
  return `${kindLabel(a.kind)} by ${a.author_name} · ${formatDateTime(a.created_at)}`;
}

/**
 * The signatures `user` may still add: the author's to a draft (clinicians); review and
 * co-sign to a signed session, from a clinician other than its author, once each.
 */
export function signableMeanings(s: Session, user: User | null): Meaning[] {
  if (!user?.roles.includes("clinician")) return [];
  if (s.status === "draft") return ["author"];
  const author = s.signatures.find((x) => x.meaning === "author");
  if (!author || author.signer_id === user.id) return [];
  return (["cosign", "review"] as const).filter(
    (m) => !s.signatures.some((x) => x.meaning === m && x.signer_id === user.id),
  );
}

/** The kinds of addendum `user` may add to a signed session (none to a draft). */
export function addendumKinds(s: Session, user: User | null): AddendumKind[] {
  if (s.status !== "signed" || !user) return [];
  if (user.roles.includes("clinician")) return ["correction", "follow_up", "comment"];
  return user.roles.includes("aesthetician") ? ["follow_up", "comment"] : [];
}
