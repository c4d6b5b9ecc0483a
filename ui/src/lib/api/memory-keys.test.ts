// The memory backend's encryption mirrors the app: a new clinic is encrypted with its recovery
// key given once, the database is sealed after a restart until a sign-in or the recovery key
// opens it, key slots follow the accounts, and a new recovery key replaces the old one.
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../bindings/ApiError";
import type { UserInput } from "../../bindings/UserInput";
import { createMemoryBackend } from "./memory";
import { DEFAULT_PASSWORD, DEFAULT_USER_ID, DEFAULT_USERNAME } from "./memory-accounts";
import { MEMORY_DATABASE_PATH } from "./memory-backups";
import { fakeRecoveryKey, MEMORY_RECOVERY_KEY } from "./memory-keys";

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("expected the call to fail");
}

const KEY_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;
const WRONG_KEY = "That is not this database's recovery key. Check each group of four characters.";
const noPatients = { text: "", include_archived: false, limit: null };

const account = (fields: Partial<UserInput> = {}): UserInput => ({
  id: "0190a000-0000-7000-8000-00000000b002", username: "bea", display_name: "Bea Costa",
  signature_name: "Bea Costa", registration: "", roles: ["aesthetician"], active: true,
  password: "bea's long secret", ...fields,
});

describe("encryption (memory backend)", () => {
  it("makes recovery keys in the printed form, deterministically", () => {
    expect(MEMORY_RECOVERY_KEY).toMatch(KEY_FORMAT);
    expect(fakeRecoveryKey(1)).toMatch(KEY_FORMAT);
    expect(fakeRecoveryKey(1)).not.toBe(MEMORY_RECOVERY_KEY);
    expect(fakeRecoveryKey(0)).toBe(MEMORY_RECOVERY_KEY);
  });

  it("encrypts a new clinic and gives its recovery key once, to an admin", async () => {
    const b = createMemoryBackend({ setupNeeded: true });
    expect(await b.getAuthStatus()).toMatchObject({ setup_needed: true, sealed: false, encrypted: false });
    const status = await b.setUpClinic({
      clinic_name: "Aurora",
      admin: account({ id: "0190a000-0000-7000-8000-00000000c001", username: "ana", roles: ["clinician"] }),
    });
    expect(status).toMatchObject({ sealed: false, encrypted: true, clinic_name: "Aurora" });
    const key = await b.takeRecoveryKey();
    expect(key).toMatch(KEY_FORMAT);
    expect(await b.takeRecoveryKey()).toBeNull();
    expect(await b.getEncryptionStatus()).toEqual({
      encrypted: true, key_file: `${MEMORY_DATABASE_PATH}.keys`, users_with_key: ["0190a000-0000-7000-8000-00000000c001"],
    });
    // The key opens the database after a restart.
    b.restart();
    expect(await b.unlockWithRecoveryKey(key!)).toMatchObject({ sealed: false, user: null, clinic_name: "Aurora" });
  });

  it("is sealed after a restart until the first sign-in opens it", async () => {
    const b = createMemoryBackend();
    b.restart();
    expect(await b.getAuthStatus()).toEqual({
      setup_needed: false, clinic_name: "", user: null, locked: false, idle_lock_minutes: 15, sealed: true, encrypted: true,
    });
    expect((await rejection(b.listPatients(noPatients))).code).toBe("NotSignedIn");
    const wrong = await rejection(b.signIn(DEFAULT_USERNAME, "not the password"));
    expect(wrong).toMatchObject({ code: "SignInFailed", message: "That user name and password do not match an active account." });
    expect((await b.getAuthStatus()).sealed).toBe(true);

    const status = await b.signIn(DEFAULT_USERNAME, DEFAULT_PASSWORD);
    expect(status).toMatchObject({ sealed: false, encrypted: true, clinic_name: "Test clinic", locked: false });
    expect(status.user?.id).toBe(DEFAULT_USER_ID);
    expect(await b.listPatients(noPatients)).toEqual([]);
    // Only the first sign-in of a run opens the database: the recovery key has nothing to open.
    expect((await rejection(b.unlockWithRecoveryKey(MEMORY_RECOVERY_KEY))).code).toBe("Conflict");
  });

  it("starts sealed with the option, and opens with the recovery key typed loosely", async () => {
    const b = createMemoryBackend({ sealed: true });
    expect(await b.getAuthStatus()).toMatchObject({ sealed: true, user: null });
    const bad = await rejection(b.unlockWithRecoveryKey("AAAA-BBBB"));
    expect(bad).toMatchObject({ code: "Invalid", fields: [{ field: "recovery_key", message: WRONG_KEY }] });
    const sloppy = MEMORY_RECOVERY_KEY.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
    const status = await b.unlockWithRecoveryKey(sloppy);
    expect(status).toMatchObject({ sealed: false, encrypted: true, user: null, clinic_name: "Test clinic" });
    await b.signIn(DEFAULT_USERNAME, DEFAULT_PASSWORD);
  });

  it("refuses the recovery key after five wrong ones in 15 minutes", async () => {
    let t = new Date("2026-11-20T09:00:00Z").getTime();
    const b = createMemoryBackend({ sealed: true, now: () => new Date(t) });
    for (let i = 0; i < 5; i++) {
      expect((await rejection(b.unlockWithRecoveryKey(fakeRecoveryKey(7)))).code).toBe("Invalid");
    }
    const refused = await rejection(b.unlockWithRecoveryKey(MEMORY_RECOVERY_KEY));
    expect(refused).toMatchObject({ code: "TooManyAttempts", message: "Too many failed attempts. Try again in 15 minute(s)." });
    t += 15 * 60_000;
    expect(await b.unlockWithRecoveryKey(MEMORY_RECOVERY_KEY)).toMatchObject({ sealed: false });
  });

  it("replaces the recovery key after the admin's password, and the old one stops working", async () => {
    const b = createMemoryBackend();
    const wrong = await rejection(b.newRecoveryKey("not the password"));
    expect(wrong).toMatchObject({ code: "Invalid", fields: [{ field: "password", message: "That password is not right." }] });
    const made = await b.newRecoveryKey(DEFAULT_PASSWORD);
    expect(made).toMatch(KEY_FORMAT);
    expect(made).not.toBe(MEMORY_RECOVERY_KEY);
    const [row] = await b.listAudit({ user_id: null, patient_id: null, action: "settings", from: null, to: null, offset: 0, limit: 1 });
    expect(row).toMatchObject({ entity: "key_file", entity_id: "recovery_key", reason: "a new recovery key replaced the old one" });
    expect(`${row.old_value} ${row.new_value}`).not.toContain(made);

    b.restart();
    expect((await rejection(b.unlockWithRecoveryKey(MEMORY_RECOVERY_KEY))).code).toBe("Invalid");
    expect(await b.unlockWithRecoveryKey(made)).toMatchObject({ sealed: false });
  });

  it("gives accounts key slots as their passwords are set, and one at the next sign-in otherwise", async () => {
    const b = createMemoryBackend();
    const bea = await b.saveUser(account());
    expect((await b.getEncryptionStatus()).users_with_key).toEqual([DEFAULT_USER_ID, bea.id]);
    await b.saveUser({ ...account(), active: false, password: null });
    expect((await b.getEncryptionStatus()).users_with_key).toEqual([DEFAULT_USER_ID]);
    await b.saveUser({ ...account(), password: null }); // reactivated: no slot until a sign-in
    expect((await b.getEncryptionStatus()).users_with_key).toEqual([DEFAULT_USER_ID]);

    // Sealed, Bea's password cannot open the database; once it is open she signs in and gets a slot.
    b.restart();
    expect((await rejection(b.signIn("bea", "bea's long secret"))).code).toBe("SignInFailed");
    await b.signIn(DEFAULT_USERNAME, DEFAULT_PASSWORD);
    await b.signOut();
    await b.signIn("bea", "bea's long secret");
    await b.signOut();
    await b.signIn(DEFAULT_USERNAME, DEFAULT_PASSWORD);
    expect((await b.getEncryptionStatus()).users_with_key).toEqual([DEFAULT_USER_ID, bea.id]);
    b.restart();
    expect(await b.signIn("BEA", "bea's long secret")).toMatchObject({ sealed: false });
  });

  it("leaves a database made before encryption as it is", async () => {
    const b = createMemoryBackend({ encrypted: false });
    expect(await b.getAuthStatus()).toMatchObject({ sealed: false, encrypted: false });
    expect(await b.getEncryptionStatus()).toEqual({ encrypted: false, key_file: "", users_with_key: [] });
    expect((await rejection(b.newRecoveryKey(DEFAULT_PASSWORD))).code).toBe("Conflict");
    expect((await b.backupNow()).encrypted).toBe(false);
    b.restart();
    expect(await b.getAuthStatus()).toMatchObject({ sealed: false, user: null, clinic_name: "Test clinic" });
  });

  it("shows recovery when the opened file turns out refused", async () => {
    const b = createMemoryBackend({
      sealed: true,
      refuseOnUnseal: { code: "WrongKey", message: "The key does not open this database file." },
    });
    const e = await rejection(b.signIn(DEFAULT_USERNAME, DEFAULT_PASSWORD));
    expect(e).toMatchObject({ code: "DatabaseUnavailable", message: "The key does not open this database file." });
    expect((await b.getStartupStatus()).problem).toMatchObject({ code: "WrongKey" });
    expect((await rejection(b.getAuthStatus())).code).toBe("DatabaseUnavailable");
  });

  it("keeps only admins to the key calls", async () => {
    const b = createMemoryBackend({ roles: ["clinician"] });
    expect((await rejection(b.takeRecoveryKey())).code).toBe("Forbidden");
    expect((await rejection(b.getEncryptionStatus())).code).toBe("Forbidden");
    expect((await rejection(b.newRecoveryKey(DEFAULT_PASSWORD))).code).toBe("Forbidden");
    expect((await rejection(b.backupNow())).code).toBe("Forbidden");
  });
});
