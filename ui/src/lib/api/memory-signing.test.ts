// Signing and addenda on the memory backend mirror the core: who signs what and when, the
// lock a signature puts on the session, the addendum rules (same codes and field paths), a
// retried addendum added once, print audit rows, and a verify that finds a changed record.
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../bindings/ApiError";
import {
  addendum, clinicWithDraft, clinicWithSigned, draftInput, ERYTHEMA, OTHER_PASSWORD, PASSWORD, signInAs,
  withEveryKind,
} from "../signing-fixtures";
import { createMemoryBackend } from "./memory";
import { contentHash } from "./memory-signing";

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("expected the call to fail");
}

describe("signing (memory backend)", () => {
  it("signs a draft as its author, which locks it; a wrong password is a field error", async () => {
    const { b, draft } = await clinicWithDraft();
    expect(draft).toMatchObject({ status: "draft", signatures: [], addenda: [] });
    const wrong = await rejection(b.signSession({ session_id: draft.id, meaning: "author", password: "nope" }));
    expect(wrong).toMatchObject({ code: "Invalid", fields: [{ field: "password", message: "That password is not right." }] });

    const signed = await b.signSession({ session_id: draft.id, meaning: "author", password: PASSWORD });
    expect(signed.status).toBe("signed");
    expect(signed.signatures).toHaveLength(1);
    expect(signed.signatures[0]).toMatchObject({
      signer_name: "Dr Ana Silva, MD", signer_registration: "OM 54321", meaning: "author",
    });
    expect(signed.signatures[0].content_hash).toMatch(/^[0-9a-f]{64}$/);

    const again = draftInput(draft.patient_id, { id: draft.id, notes: "changed" });
    expect((await rejection(b.saveSession(again))).code).toBe("Locked");
    expect((await rejection(b.markAftercareGiven(draft.id))).code).toBe("Locked");
    expect((await rejection(b.signSession({ session_id: draft.id, meaning: "author", password: PASSWORD }))).code)
      .toBe("Conflict");
  });

  it("takes review and co-sign only after the author, from another clinician", async () => {
    const { b, draft } = await clinicWithDraft();
    expect((await rejection(b.signSession({ session_id: draft.id, meaning: "cosign", password: PASSWORD }))).code)
      .toBe("Conflict");
    await b.signSession({ session_id: draft.id, meaning: "author", password: PASSWORD });
    expect((await rejection(b.signSession({ session_id: draft.id, meaning: "review", password: PASSWORD }))).code)
      .toBe("Conflict");

    await signInAs(b, "dr.weber", ["clinician"], "Dr Jonas Weber");
    const cosigned = await b.signSession({ session_id: draft.id, meaning: "cosign", password: OTHER_PASSWORD });
    expect(cosigned.signatures.map((s) => [s.meaning, s.signer_name])).toEqual([
      ["author", "Dr Ana Silva, MD"], ["cosign", "Dr Jonas Weber"],
    ]);
    expect((await rejection(b.signSession({ session_id: draft.id, meaning: "cosign", password: OTHER_PASSWORD }))).code)
      .toBe("Conflict");
  });

  it("refuses an aesthetician's signature and correction, but takes their follow-up", async () => {
    const { b, signed } = await clinicWithSigned();
    await signInAs(b, "nurse.ada", ["aesthetician"], "Ada Nurse, RN");
    expect((await rejection(b.signSession({ session_id: signed.id, meaning: "review", password: OTHER_PASSWORD }))).code)
      .toBe("Forbidden");
    const correction = addendum(signed.id, { kind: "correction", reason: "typo", text: "x" });
    expect((await rejection(b.addAddendum(correction))).code).toBe("Forbidden");
    const s = await b.addAddendum(addendum(signed.id, {
      kind: "follow_up", reactions: [{ reaction_type_id: ERYTHEMA, grade: 1, time_point: "h72", area_id: null, note: "" }],
    }));
    expect(s.addenda).toHaveLength(1);
    expect(s.addenda[0]).toMatchObject({ kind: "follow_up", author_name: "Ada Nurse, RN" });
  });

  it("checks each kind's fields, under the core's field paths", async () => {
    const { b, draft, signed } = await clinicWithSigned();
    const fields = async (fieldsOf: Parameters<typeof addendum>[1]) =>
      (await rejection(b.addAddendum(addendum(signed.id, fieldsOf)))).fields.map((f) => f.field);
    expect(await fields({ kind: "correction", text: "" })).toEqual(["reason", "text"]);
    expect(await fields({ kind: "follow_up" })).toEqual(["reactions"]);
    expect(await fields({
      kind: "follow_up", reactions: [{ reaction_type_id: ERYTHEMA, grade: 7, time_point: "h24", area_id: null, note: "" }],
    })).toEqual(["reactions[0].grade"]);
    expect(await fields({ kind: "comment", text: "  " })).toEqual(["text"]);

    const anotherDraft = await b.saveSession(draftInput(draft.patient_id));
    const onDraft = await rejection(b.addAddendum(addendum(anotherDraft.id, { kind: "comment", text: "Hi" })));
    expect(onDraft.code).toBe("Conflict");
  });

  it("adds a retried addendum once, and keeps the signatures valid", async () => {
    const { b, signed } = await clinicWithSigned();
    const input = addendum(signed.id, { kind: "comment", text: "Reviewed." });
    await b.addAddendum(input);
    const after = await b.addAddendum(input);
    expect(after.addenda).toHaveLength(1);
    const all = await withEveryKind(b, after);
    expect(all.addenda.map((a) => a.kind)).toEqual(["comment", "correction", "follow_up", "comment"]);
    expect(await b.verifySignatures()).toEqual({ checked: 1, mismatches: [] });
    expect(contentHash(all)).toBe(all.signatures[0].content_hash);
  });

  it("finds a signed session whose content changed after signing", async () => {
    const { b, signed } = await clinicWithSigned();
    const tampered = { ...signed, notes: "changed behind the app's back" };
    const other = createMemoryBackend({ patients: [await b.getPatient(signed.patient_id)], sessions: [tampered] });
    expect(await other.verifySignatures()).toEqual({
      checked: 1, mismatches: [{ session_id: signed.id, signature_id: signed.signatures[0].id, meaning: "author" }],
    });
  });

  it("signs the demo clinic's older sessions, and they verify", async () => {
    const b = createMemoryBackend({ demo: true, now: () => new Date("2026-11-20T10:00:00Z") });
    const check = await b.verifySignatures();
    expect(check.checked).toBeGreaterThan(100);
    expect(check.mismatches).toEqual([]);
  });

  it("records a print as an audit row on the patient", async () => {
    const { b, patient } = await clinicWithDraft();
    expect(await b.recordPrint(patient.id)).toBeNull();
    const rows = await b.listAudit({
      user_id: null, patient_id: patient.id, action: "print", from: null, to: null, offset: 0, limit: 10,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entity: "patient", entity_id: patient.id });
  });
});
