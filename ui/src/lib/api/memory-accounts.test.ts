// The memory backend's accounts mirror the core: set-up once, sign-in, the lock (on request
// and idle), the role each call needs, and audit rows for what was done.
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../bindings/ApiError";
import type { UserInput } from "../../bindings/UserInput";
import { patientInput } from "../../testing";
import { createMemoryBackend } from "./memory";
import { DEFAULT_PASSWORD, DEFAULT_USERNAME } from "./memory-accounts";

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("expected the call to fail");
}

const admin = (fields: Partial<UserInput> = {}): UserInput => ({
  id: "0190a000-0000-7000-8000-00000000b001", username: "ana", display_name: "Ana", signature_name: "Ana, MD",
  registration: "", roles: ["clinician"], active: true, password: "a long enough secret", ...fields,
});

describe("accounts (memory backend)", () => {
  it("sets the clinic up once, with the admin role added, and signs the admin in", async () => {
    const b = createMemoryBackend({ setupNeeded: true });
    expect(await b.getAuthStatus()).toMatchObject({ setup_needed: true, clinic_name: "", user: null });
    expect((await rejection(b.listPatients({ text: "", include_archived: false, limit: null }))).code).toBe("NotSignedIn");
    const bad = await rejection(b.setUpClinic({ clinic_name: " ", admin: admin({ password: "123456789" }) }));
    expect(bad.fields.map((f) => f.field)).toEqual(["clinic_name", "password"]);
    const status = await b.setUpClinic({ clinic_name: "Aurora", admin: admin() });
    expect(status).toMatchObject({ setup_needed: false, clinic_name: "Aurora", locked: false });
    expect(status.user?.roles).toEqual(["clinician", "admin"]);
    expect((await rejection(b.setUpClinic({ clinic_name: "Again", admin: admin({ id: "x" }) }))).code).toBe("Conflict");
  });

  it("refuses calls by role, when locked and when signed out", async () => {
    const b = createMemoryBackend({ roles: ["aesthetician"] });
    await b.listPatients({ text: "", include_archived: false, limit: null });
    const refused = await rejection(b.savePatient(patientInput()));
    expect(refused).toMatchObject({ code: "Forbidden", message: "Your role does not allow this. It needs: clinician." });
    expect((await rejection(b.saveSettings((await b.getReferenceData()).settings))).code).toBe("Forbidden");
    expect((await rejection(b.listUsers())).code).toBe("Forbidden");
    expect((await rejection(b.exportCsv({ kind: "recall", lot: "X" }))).code).toBe("Forbidden");

    await b.lockApp();
    expect((await rejection(b.getReferenceData())).code).toBe("AppLocked");
    expect((await rejection(b.unlockApp("nope nope nope"))).code).toBe("SignInFailed");
    await b.unlockApp(DEFAULT_PASSWORD);
    await b.signOut();
    expect((await rejection(b.getReferenceData())).code).toBe("NotSignedIn");
    expect((await rejection(b.signIn(DEFAULT_USERNAME.toUpperCase(), "wrong"))).code).toBe("SignInFailed");
    expect((await b.signIn(DEFAULT_USERNAME.toUpperCase(), DEFAULT_PASSWORD)).user?.username).toBe(DEFAULT_USERNAME);
  });

  it("locks after the clinic's idle minutes when asked to, dated when the limit passed", async () => {
    let now = new Date("2026-03-01T09:00:00Z");
    const b = createMemoryBackend({ idleLock: true, now: () => now });
    now = new Date("2026-03-01T09:14:00Z");
    await b.keepAlive();
    now = new Date("2026-03-01T09:28:59Z");
    expect((await b.getAuthStatus()).locked).toBe(false);
    now = new Date("2026-03-01T09:40:00Z");
    expect((await b.getAuthStatus()).locked).toBe(true);
    expect((await rejection(b.keepAlive())).code).toBe("AppLocked");
    await b.unlockApp(DEFAULT_PASSWORD);
    const [lock] = await b.listAudit({ user_id: null, patient_id: null, action: "lock", from: null, to: null, offset: 0, limit: 0 });
    expect(lock).toMatchObject({ action: "lock", reason: "idle", at: "2026-03-01T09:29:00.000Z", user_name: "Dr Ana Silva" });
  });

  it("keeps the last active admin", async () => {
    const b = createMemoryBackend();
    const [me] = await b.listUsers();
    const e = await rejection(b.saveUser({ ...me, roles: ["clinician"], password: null }));
    expect(e).toMatchObject({ code: "Conflict" });
    await b.saveUser(admin({ id: "0190a000-0000-7000-8000-00000000b002", username: "bo", roles: ["admin"] }));
    const taken = await rejection(b.saveUser(admin({ id: "0190a000-0000-7000-8000-00000000b003", username: "BO" })));
    expect(taken.fields).toEqual([{ field: "username", message: "That user name is already taken." }]);
    await expect(b.saveUser({ ...me, roles: ["clinician"], password: null })).resolves.toMatchObject({ roles: ["clinician"] });
    // No longer an admin: the next account change is refused.
    expect((await rejection(b.listUsers())).code).toBe("Forbidden");
  });

  it("records what was done, newest first, by whom and on which patient", async () => {
    const b = createMemoryBackend();
    const p = await b.savePatient(patientInput());
    await b.archivePatient(p.id);
    const events = await b.listAudit({ user_id: null, patient_id: p.id, action: null, from: null, to: null, offset: 0, limit: 0 });
    expect(events.map((e) => [e.action, e.entity, e.patient_id, e.user_name])).toEqual([
      ["archive", "patient", p.id, "Dr Ana Silva"],
      ["create", "patient", p.id, "Dr Ana Silva"],
    ]);
    expect(JSON.parse(events[1].new_value!)).toMatchObject({ given_name: "Anna" });
    expect(await b.verifyAudit()).toEqual({ ok: true, rows: 2, chains: 1, problems: [] });
  });
});
