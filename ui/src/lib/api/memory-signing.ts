// The in-memory backend's signing and addenda, after the core (src-tauri/core/src/signing):
// the author (a clinician) signs a draft and locks it; review and co-sign follow from another
// clinician; addenda only add to a signed session (corrections by clinicians with a reason,
// follow-up reactions graded on the type's scale, review comments); a retried addendum id
// adds nothing. Same field paths, codes and sentences. The content hash is a stand-in (not
// SHA-256) over the same content the core hashes, so verify finds a changed record.
import { v7 as uuidv7 } from "uuid";
import type { Addendum } from "../../bindings/Addendum";
import type { AddendumInput } from "../../bindings/AddendumInput";
import type { Meaning } from "../../bindings/Meaning";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { Signature } from "../../bindings/Signature";
import type { SignatureCheck } from "../../bindings/SignatureCheck";
import type { User } from "../../bindings/User";
import { Check } from "./memory-validate";
import { fail } from "./memory-fail";

const REASON_MAX = 500;

const clean = (v: string) => v.trim().normalize("NFC");

/** JSON with every object's keys sorted, so equal content gives equal text. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** 64 hex characters: eight FNV-1a passes with different seeds (a stand-in for SHA-256). */
function hex64(text: string): string {
  let out = "";
  for (let seed = 0; seed < 8; seed++) {
    let h = (0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

/**
 * The hash of what the session records: everything but what changes around it (status, last
 * change, course position, signatures, addenda, rule codes), as the core's `content_hash`.
 */
export function contentHash(s: Session): string {
  const content: Record<string, unknown> = { ...s };
  for (const key of ["status", "updated_at", "course_number", "course_target", "signatures", "addenda"]) {
    delete content[key];
  }
  content.screening = s.screening.map((r) => {
    const copy: Record<string, unknown> = { ...r };
    delete copy.rule_code;
    return copy;
  });
  return hex64(canonical(content));
}

/**
 * Signs `s` (a stored session) as `signer`, a clinician whose password was checked; changes
 * it in place. An author signature needs a draft and locks it; review and co-sign need the
 * author's first and another clinician; nobody signs twice with one meaning.
 */
export function sign(s: Session, signer: User, meaning: Meaning, stamp: string): Signature {
  const author = s.signatures.find((x) => x.meaning === "author");
  if (meaning === "author" && (author || s.status !== "draft")) {
    throw fail("Conflict", "This session is already signed.");
  }
  if (meaning !== "author" && !author) {
    throw fail("Conflict", "The treating clinician signs first; review and co-sign follow.");
  }
  if (meaning !== "author" && author?.signer_id === signer.id) {
    throw fail("Conflict", "A review or co-signature comes from another clinician than the author.");
  }
  if (s.signatures.some((x) => x.meaning === meaning && x.signer_id === signer.id)) {
    throw fail("Conflict", "You have already signed this session with that meaning.");
  }
  const signature: Signature = {
    id: uuidv7(), signer_id: signer.id, signer_name: signer.signature_name,
    signer_registration: signer.registration, meaning, signed_at: stamp, content_hash: contentHash(s),
  };
  s.signatures.push(signature);
  if (meaning === "author") {
    s.status = "signed";
    s.updated_at = stamp;
  }
  return signature;
}

/** Who may add this kind: corrections are a clinician's; the rest also an aesthetician's. */
export function checkAddendumRole(input: AddendumInput, author: User): void {
  const allowed = input.kind === "correction"
    ? author.roles.includes("clinician")
    : author.roles.includes("clinician") || author.roles.includes("aesthetician");
  if (!allowed) throw fail("Forbidden", "Only clinicians add corrections to a signed session.");
}

/** The core's checks of an addendum's fields (before the session is looked at). */
export function validateAddendum(input: AddendumInput, reference: ReferenceData): void {
  const c = new Check();
  c.note("reason", input.reason);
  c.note("text", input.text);
  const reason = clean(input.reason);
  const text = clean(input.text);
  if ([...reason].length > REASON_MAX) c.fail("reason", `The reason can be at most ${REASON_MAX} characters.`);
  if (input.kind === "correction") {
    if (!reason) c.fail("reason", "Say why the record is corrected.");
    if (!text && input.corrections.length === 0) c.fail("text", "Write the correction.");
  } else if (input.kind === "follow_up") {
    if (input.reactions.length === 0) c.fail("reactions", "Add the reactions seen at the follow-up.");
  } else if (!text) {
    c.fail("text", "Write the comment.");
  }
  input.corrections.forEach((corr, i) => {
    c.line(`corrections[${i}].field`, "Field", corr.field, 100, true);
    c.line(`corrections[${i}].value`, "Value", corr.value, 500, false);
  });
  input.reactions.forEach((r, i) => {
    const type = reference.reaction_types.find((t) => t.id === r.reaction_type_id);
    const scale = type && reference.reaction_scales.find((s) => s.id === type.default_scale_id);
    if (!scale) c.fail(`reactions[${i}].reaction_type_id`, "Choose a reaction from the list.");
    else if (!Number.isInteger(r.grade) || r.grade < scale.min_grade || r.grade > scale.max_grade) {
      c.fail(`reactions[${i}].grade`, `Grade ${scale.min_grade} to ${scale.max_grade} on this scale.`);
    }
    c.note(`reactions[${i}].note`, r.note);
  });
  if (input.kind !== "correction" && input.corrections.length) {
    c.fail("corrections", "Only a correction carries corrected values.");
  }
  if (input.kind !== "follow_up" && input.reactions.length) {
    c.fail("reactions", "Only a follow-up carries reactions.");
  }
  if (c.errors.length) throw fail("Invalid", "Some fields need attention.", c.errors);
}

/**
 * Adds `input` (validated) to `s` in place, by `author`; returns the new addendum, or null
 * when a retry finds it already there.
 */
export function addTo(s: Session, input: AddendumInput, author: User, stamp: string): Addendum | null {
  if (s.status !== "signed") {
    throw fail("Conflict", "This session is a draft: change it directly. Addenda are for signed sessions.");
  }
  const text = clean(input.text);
  const existing = s.addenda.find((a) => a.id === input.id);
  if (existing) {
    if (existing.kind !== input.kind || existing.text !== text) {
      throw fail("Conflict", "An addendum with this id already says something else.");
    }
    return null;
  }
  const added: Addendum = {
    id: input.id, kind: input.kind, author_id: author.id, author_name: author.signature_name,
    created_at: stamp, reason: clean(input.reason), text,
    corrections: input.corrections.map((c) => ({ field: clean(c.field), value: clean(c.value) })),
    reactions: input.reactions.map((r) => ({ ...r, note: r.note.trim() })),
  };
  s.addenda.push(added);
  return added;
}

/** Recomputes every signed session's hash against each of its signatures. */
export function verify(sessions: Iterable<Session>): SignatureCheck {
  const out: SignatureCheck = { checked: 0, mismatches: [] };
  for (const s of sessions) {
    if (s.signatures.length === 0) continue;
    const now = contentHash(s);
    for (const sig of s.signatures) {
      out.checked += 1;
      if (sig.content_hash !== now) {
        out.mismatches.push({ session_id: s.id, signature_id: sig.id, meaning: sig.meaning });
      }
    }
  }
  return out;
}
