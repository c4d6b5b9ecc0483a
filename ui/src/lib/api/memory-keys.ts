// Encryption at rest in the in-memory backend, as the app does it (src-tauri/src/unseal.rs,
// commands/keys.rs, core/src/keys): a new clinic's database is encrypted at set-up, with the
// database key wrapped once per account (under its password, a "slot") and once under a
// recovery key shown once to the admin. After a restart (`restart()` on the memory backend, or
// the `sealed` option) the database is sealed until the first sign-in of the run opens it
// with that user's password, or someone enters the recovery key; a file that turns out refused
// once opened (the `refuseOnUnseal` option) leaves the app on the recovery page. Slots follow
// the accounts: a password set or reset rewraps one, a deactivated account loses its own, and
// an account without one gets it at its next sign-in on the open database. Failures before the
// database is open are limited here, in memory, as in the app. Nothing is really encrypted.
import type { AuthStatus } from "../../bindings/AuthStatus";
import type { EncryptionStatus } from "../../bindings/EncryptionStatus";
import type { User } from "../../bindings/User";
import type { MemoryProblem } from "./memory-recovery";
import { fail } from "./memory-fail";

export interface KeyOptions {
  /**
   * The preloaded clinic's database is encrypted (default true, as every new clinic's is);
   * false: a database made before encryption existed.
   */
  encrypted?: boolean;
  /** Start as after a restart: the encrypted database is sealed and no one is signed in. */
  sealed?: boolean;
  /**
   * Opening the sealed database (with a password or the recovery key) finds the file refused
   * with this problem ("WrongKey", damaged): the call fails with "DatabaseUnavailable" and the
   * start-up status carries the problem. Read at each call, so a test can set it later.
   */
  refuseOnUnseal?: MemoryProblem | null;
}

/** The status fields that depend on the database's encryption. */
export type AccountStatus = Omit<AuthStatus, "sealed" | "encrypted">;

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const WRONG = "That user name and password do not match an active account.";
const WRONG_KEY = "That is not this database's recovery key. Check each group of four characters.";
const key = (s: string) => s.trim().normalize("NFC").toLowerCase();

/**
 * The `n`th recovery key this backend makes: deterministic, in the app's printed form
 * (32 characters of Crockford base32 in 8 groups of four, "7KQ2-M9XD-…").
 */
export function fakeRecoveryKey(n: number): string {
  let seed = (0x5eed + n * 0x9e3779b1) >>> 0;
  let out = "";
  for (let i = 0; i < 32; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    if (i > 0 && i % 4 === 0) out += "-";
    out += ALPHABET[seed >>> 27];
  }
  return out;
}

/** The preloaded clinic's recovery key (until a new one replaces it). */
export const MEMORY_RECOVERY_KEY = fakeRecoveryKey(0);

/** A typed key as the app reads it: case, spaces and dashes forgiven, O read as 0, I and L as 1. */
function readKey(typed: string): string | null {
  const chars = [...typed.toUpperCase()]
    .filter((c) => c !== "-" && c !== " " && c !== "\t")
    .map((c) => (c === "O" ? "0" : c === "I" || c === "L" ? "1" : c));
  return chars.length === 32 && chars.every((c) => ALPHABET.includes(c)) ? chars.join("") : null;
}

export class Keys {
  encrypted: boolean;
  sealed: boolean;
  #recovery: string | null;
  /** The recovery key made at set-up, until the admin's screen has taken it. */
  #toShow: string | null = null;
  #made = 0;
  /** Accounts whose password opens the key: user id → the name and password it is wrapped under. */
  readonly #slots = new Map<string, { username: string; password: string }>();
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly opts: KeyOptions,
    private readonly now: () => Date,
    preloaded: { id: string; username: string; password: string } | null,
  ) {
    this.encrypted = preloaded !== null && (opts.encrypted ?? true);
    this.sealed = this.encrypted && (opts.sealed ?? false);
    this.#recovery = this.encrypted ? this.#newKey() : null;
    if (this.encrypted && preloaded) this.#slots.set(preloaded.id, preloaded);
  }

  /** The auth status with the encryption fields; nothing is readable while sealed. */
  status(s: AccountStatus): AuthStatus {
    if (this.sealed) {
      return {
        setup_needed: false, clinic_name: "", user: null, locked: false, idle_lock_minutes: 15,
        sealed: true, encrypted: true,
      };
    }
    return { ...s, sealed: false, encrypted: this.encrypted };
  }

  /** First run: the new database is encrypted, its admin holds a slot, the recovery key waits to be shown. */
  setUp(admin: User, password: string): void {
    this.encrypted = true;
    this.sealed = false;
    this.#recovery = this.#newKey();
    this.#toShow = this.#recovery;
    this.#slots.clear();
    this.#slots.set(admin.id, { username: admin.username, password });
  }

  /** The app restarted: the key is forgotten (the database sealed again) and so is the key to show. */
  restart(): void {
    this.sealed = this.encrypted;
    this.#toShow = null;
    this.#failures.clear();
  }

  /**
   * The sealed database opened with `username`'s password (the sign-in then goes on as usual).
   * `refuse` is told when the opened file turns out refused.
   */
  unsealWithPassword(username: string, password: string, refuse: (p: MemoryProblem) => void): void {
    const name = `unlock:${key(username)}`;
    this.#check(name);
    const slot = [...this.#slots.values()].find((s) => key(s.username) === key(username));
    if (!slot || slot.password !== password) {
      this.#failed(name);
      throw fail("SignInFailed", WRONG);
    }
    this.#open(refuse);
  }

  /** The sealed database opened with the recovery key as typed. */
  unsealWithRecoveryKey(typed: string, refuse: (p: MemoryProblem) => void): void {
    if (!this.sealed) throw fail("Conflict", "The database is already open.");
    this.#check("recovery-key");
    const read = readKey(typed);
    if (read === null || read !== readKey(this.#recovery ?? "")) {
      this.#failed("recovery-key");
      throw fail("Invalid", "Some fields need attention.", [{ field: "recovery_key", message: WRONG_KEY }]);
    }
    this.#open(refuse);
  }

  /** The recovery key made at set-up, once. */
  take(): string | null {
    const k = this.#toShow;
    this.#toShow = null;
    return k;
  }

  /** Replaces the recovery key; the old one stops working. */
  replaceRecoveryKey(): string {
    if (!this.encrypted) throw fail("Conflict", "This database is not encrypted.");
    this.#recovery = this.#newKey();
    return this.#recovery;
  }

  encryptionStatus(dbPath: string): EncryptionStatus {
    return {
      encrypted: this.encrypted,
      key_file: this.encrypted ? `${dbPath}.keys` : "",
      users_with_key: this.encrypted ? [...this.#slots.keys()] : [],
    };
  }

  /** After an account was saved: its slot rewrapped under a new password, renamed, or removed. */
  syncUser(user: User, newPassword: string | null): void {
    if (!this.encrypted) return;
    const slot = this.#slots.get(user.id);
    if (!user.active) this.#slots.delete(user.id);
    else if (newPassword !== null) this.#slots.set(user.id, { username: user.username, password: newPassword });
    else if (slot) slot.username = user.username;
  }

  /** After a sign-in on the open database: an account without a slot gets one. */
  addOwnSlot(user: User, password: string): void {
    if (this.encrypted && !this.#slots.has(user.id)) {
      this.#slots.set(user.id, { username: user.username, password });
    }
  }

  #open(refuse: (p: MemoryProblem) => void) {
    this.sealed = false;
    const problem = this.opts.refuseOnUnseal;
    if (problem) {
      refuse(problem);
      throw fail("DatabaseUnavailable", problem.message);
    }
  }

  #newKey(): string {
    return fakeRecoveryKey(this.#made++);
  }

  #check(name: string) {
    const t = this.now().getTime();
    const recent = (this.#failures.get(name) ?? []).filter((at) => t - at < WINDOW_MS);
    this.#failures.set(name, recent);
    if (recent.length >= MAX_FAILURES) {
      const seconds = Math.max(1, Math.round((recent[0] + WINDOW_MS - t) / 1000));
      throw fail("TooManyAttempts", `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`);
    }
  }

  #failed(name: string) {
    this.#failures.set(name, [...(this.#failures.get(name) ?? []), this.now().getTime()]);
  }
}
