// The memory backend's account and key calls: the accounts (memory-accounts.ts) with the
// database's encryption (memory-keys.ts) around them, as the app's commands compose them. The
// first sign-in after a restart opens the sealed database with the user's key slot; set-up
// encrypts a new clinic; account edits keep the key slots in step; the recovery key opens the
// sealed database or is replaced on an admin's request (audited, without the key).
import type { Action } from "../../bindings/Action";
import type { Backend } from "./backend";
import type { Accounts, Need } from "./memory-accounts";
import type { AuditExtra } from "./memory-audit";
import type { Keys } from "./memory-keys";
import type { MemoryProblem } from "./memory-recovery";
import { fail } from "./memory-fail";

/** What the calls need from the rest of the memory backend. */
export interface AuthContext {
  /** A public call (no one signed in needed); refused while the database is. */
  open: <T>(body: () => T) => Promise<T>;
  /** A call by a signed-in, unlocked user holding `need`. */
  run: <T>(body: () => T, need?: Need) => Promise<T>;
  /** A call that works whatever the state of the database. */
  always: <T>(body: () => T) => Promise<T>;
  log: (action: Action, entity: string, id: string | null, extra?: AuditExtra) => void;
  /** The opened database turned out refused: recovery takes over. */
  refuse: (problem: MemoryProblem) => void;
  /** The database file in use. */
  dbPath: () => string;
}

type AuthCalls = Pick<Backend, "getAuthStatus" | "setUpClinic" | "signIn" | "signOut" | "lockApp" | "unlockApp"
  | "unlockWithRecoveryKey" | "takeRecoveryKey" | "newRecoveryKey" | "getEncryptionStatus" | "listUsers" | "saveUser"
  | "changePassword">;


export function authCalls(accounts: Accounts, keys: Keys, ctx: AuthContext): AuthCalls {
  const { open, run, always, refuse } = ctx;
  return {
    getAuthStatus: () => open(() => keys.status(accounts.status())),
    setUpClinic: (setup) =>
      open(() => {
        if (keys.sealed) throw fail("NotSignedIn", "Sign in to open the database.");
        const status = accounts.setUp(setup);
        keys.setUp(status.user!, setup.admin.password ?? "");
        return keys.status(status);
      }),
    signIn: (username, password) =>
      open(() => {
        // The first sign-in of a run opens the sealed database with the user's own key slot.
        if (keys.sealed) keys.unsealWithPassword(username, password, refuse);
        const status = accounts.signIn(username, password);
        keys.addOwnSlot(status.user!, password);
        return keys.status(status);
      }),
    signOut: () => open(() => keys.status(accounts.signOut())),
    lockApp: () => open(() => keys.status(accounts.lock())),
    unlockApp: (password) => open(() => keys.status(accounts.unlock(password))),
    unlockWithRecoveryKey: (recoveryKey) =>
      always(() => {
        keys.unsealWithRecoveryKey(recoveryKey, refuse);
        return keys.status(accounts.status());
      }),
    takeRecoveryKey: () => run(() => keys.take(), "admin"),
    newRecoveryKey: (password) =>
      run(() => {
        if (!accounts.passwordMatches(password)) {
          throw fail("Invalid", "Some fields need attention.", [
            { field: "password", message: "That password is not right." },
          ]);
        }
        const made = keys.replaceRecoveryKey();
        ctx.log("settings", "key_file", "recovery_key", { reason: "a new recovery key replaced the old one" });
        return made;
      }, "admin"),
    getEncryptionStatus: () => run(() => keys.encryptionStatus(ctx.dbPath()), "admin"),
    listUsers: () => run(() => accounts.list(), "admin"),
    saveUser: (input) =>
      run(() => {
        const saved = accounts.save(input);
        keys.syncUser(saved, input.password);
        return saved;
      }, "admin"),
    changePassword: (current, next) =>
      run(() => {
        accounts.changePassword(current, next);
        keys.syncUser(accounts.user, next);
        return null;
      }),
  };
}
