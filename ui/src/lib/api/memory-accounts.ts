// The in-memory backend's accounts: first-run set-up, sign-in (rate-limited), the lock (on
// request and after the clinic's idle minutes), the role each call needs, and account edits.
// Passwords are kept as typed: this backend never holds real data. Rules, field paths, error
// codes and sentences follow the core (src-tauri/core/src/accounts, src-tauri/src/auth.rs).
import type { ClinicSetup } from "../../bindings/ClinicSetup";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Role } from "../../bindings/Role";
import type { User } from "../../bindings/User";
import type { UserInput } from "../../bindings/UserInput";
import type { AuditLog } from "./memory-audit";
import type { AccountStatus } from "./memory-keys";
import { Check } from "./memory-validate";
import { fail } from "./memory-fail";

/** Who may make a call: any signed-in user, or one holding the role (or one of the roles). */
export type Need = "anyone" | Role | Role[];

/** The preloaded account (when the options do not ask for a first run). */
export const DEFAULT_USER_ID = "0190a000-0000-7000-8000-00000000a001";
export const DEFAULT_USERNAME = "ana.silva";
export const DEFAULT_PASSWORD = "correct horse battery";
export const DEFAULT_CLINIC = "Test clinic";

export interface AccountOptions {
  /** No account yet: the app shows the first-run set-up. */
  setupNeeded?: boolean;
  /** The preloaded user is signed in (default true). */
  signedIn?: boolean;
  /** The preloaded user's roles (default all three). */
  roles?: Role[];
  /**
   * Lock after the clinic's idle minutes, by the `now` clock (default off: tests that move
   * the clock by days would find the app locked).
   */
  idleLock?: boolean;
}

const ROLE_ORDER: Role[] = ["clinician", "aesthetician", "admin"];
const MIN_LENGTH = 10;
const MAX_LENGTH = 200;
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const WRONG = "That user name and password do not match an active account.";

const key = (s: string) => s.trim().normalize("NFC").toLowerCase();

export function passwordProblem(p: string): string | null {
  const n = [...p].length;
  if (n < MIN_LENGTH) return `The password needs at least ${MIN_LENGTH} characters.`;
  if (n > MAX_LENGTH) return `The password can be at most ${MAX_LENGTH} characters.`;
  return null;
}

export class Accounts {
  readonly #users = new Map<string, { user: User; password: string }>();
  #session: { userId: string; lastActive: number; locked: boolean } | null = null;
  readonly #failures = new Map<string, number[]>();
  readonly #idleLock: boolean;

  constructor(
    private readonly reference: ReferenceData,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
    opts: AccountOptions,
  ) {
    this.#idleLock = opts.idleLock ?? false;
    if (opts.setupNeeded) return;
    if (!reference.settings.clinic_name) reference.settings.clinic_name = DEFAULT_CLINIC;
    const user: User = {
      id: DEFAULT_USER_ID, username: DEFAULT_USERNAME, display_name: "Dr Ana Silva",
      signature_name: "Dr Ana Silva, MD", registration: "OM 54321",
      roles: sortRoles(opts.roles ?? ROLE_ORDER), active: true,
    };
    this.#users.set(user.id, { user, password: DEFAULT_PASSWORD });
    if (opts.signedIn ?? true) this.#begin(user.id);
  }

  /** The signed-in user's id (the actor of every audited write). */
  get actor(): string | null {
    return this.#session?.userId ?? null;
  }

  /** The signed-in user (after `permit`). */
  get user(): User {
    return this.#users.get(this.#session!.userId)!.user;
  }

  /**
   * The signed-in user's password entered again (to sign): a wrong one counts and is audited
   * as a failed sign-in, and too many refuse as at sign-in.
   */
  passwordMatches(password: string): boolean {
    const { user, password: stored } = this.#users.get(this.#session!.userId)!;
    if (this.#tooMany(user.username)) {
      this.audit.record(user.id, this.now(), "sign_in_refused", "user", user.id, { new: { username: user.username } });
      throw fail("TooManyAttempts", "Too many failed attempts. Try again in 15 minute(s).");
    }
    if (!user.active || stored !== password) {
      this.#failed(user.username, user.id);
      return false;
    }
    return true;
  }

  /**
   * Recovery: the id of the active admin whose name and password these are (the accounts
   * stand for those in the backup). Neither signs in nor counts a failure: the refused
   * database cannot hold the audit rows, so the caller limits attempts.
   */
  adminOf(username: string, password: string): string {
    const found = [...this.#users.values()].find((u) => key(u.user.username) === key(username));
    if (!found || !found.user.active || found.password !== password) throw fail("SignInFailed", WRONG);
    if (!found.user.roles.includes("admin")) throw fail("Forbidden", "Only an admin of the clinic can restore a backup.");
    return found.user.id;
  }

  displayName(id: string | null): string | null {
    return id ? (this.#users.get(id)?.user.display_name ?? null) : null;
  }

  status(): AccountStatus {
    this.#lockIfIdle();
    const s = this.#session;
    return {
      setup_needed: this.#users.size === 0,
      clinic_name: this.reference.settings.clinic_name,
      user: s ? this.#users.get(s.userId)!.user : null,
      locked: s?.locked ?? false,
      idle_lock_minutes: this.reference.settings.idle_lock_minutes,
    };
  }

  /** The check at the top of every non-public call; a permitted call counts as activity. */
  permit(need: Need): void {
    const s = this.#session;
    if (!s) throw fail("NotSignedIn", "Please sign in first.");
    this.#lockIfIdle();
    if (s.locked) throw fail("AppLocked", "Dermalog is locked. Enter your password to go on.");
    const user = this.#users.get(s.userId)!.user;
    const roles = need === "anyone" ? null : Array.isArray(need) ? need : [need];
    if (roles && !roles.some((r) => user.roles.includes(r))) {
      throw fail("Forbidden", `Your role does not allow this. It needs: ${roles.join(" or ")}.`);
    }
    s.lastActive = this.now().getTime();
  }

  setUp(setup: ClinicSetup): AccountStatus {
    const input: UserInput = {
      ...setup.admin,
      roles: setup.admin.roles.includes("admin") ? setup.admin.roles : [...setup.admin.roles, "admin"],
      active: true,
    };
    const c = new Check();
    c.line("clinic_name", "Clinic name", setup.clinic_name, 100, true);
    this.#validate(c, input, true);
    if (c.errors.length) throw fail("Invalid", "Some fields need attention.", c.errors);
    if (this.#users.size > 0) throw fail("Conflict", "This clinic is already set up. Sign in instead.");
    const user = this.#store(input);
    this.reference.settings.clinic_name = setup.clinic_name.trim().normalize("NFC");
    this.audit.record(user.id, this.now(), "create", "user", user.id, {
      new: { clinic_name: this.reference.settings.clinic_name, admin: user },
    });
    this.#begin(user.id);
    return this.status();
  }

  signIn(username: string, password: string): AccountStatus {
    const name = username.trim().normalize("NFC");
    const found = [...this.#users.values()].find((u) => key(u.user.username) === key(name));
    if (this.#tooMany(name)) {
      this.audit.record(found?.user.id ?? null, this.now(), "sign_in_refused", "user", found?.user.id ?? null,
        { new: { username: name } });
      throw fail("TooManyAttempts", "Too many failed attempts. Try again in 15 minute(s).");
    }
    if (!found || !found.user.active || found.password !== password) {
      this.#failed(name, found?.user.id ?? null);
      throw fail("SignInFailed", WRONG);
    }
    this.#failures.delete(key(name));
    this.audit.record(found.user.id, this.now(), "sign_in", "user", found.user.id);
    this.#begin(found.user.id);
    return this.status();
  }

  /** The app restarted: the session is gone, unaudited (the sign-in comes again). */
  forget(): void {
    this.#session = null;
  }

  signOut(): AccountStatus {
    const s = this.#session;
    if (s) this.audit.record(s.userId, this.now(), "sign_out", "user", s.userId);
    this.#session = null;
    return this.status();
  }

  lock(): AccountStatus {
    const s = this.#session;
    if (!s) throw fail("NotSignedIn", "Please sign in first.");
    if (!s.locked) this.#lock(this.now(), "locked by the user");
    return this.status();
  }

  unlock(password: string): AccountStatus {
    const s = this.#session;
    if (!s) throw fail("NotSignedIn", "Please sign in first.");
    const { user, password: stored } = this.#users.get(s.userId)!;
    if (this.#tooMany(user.username)) throw fail("TooManyAttempts", "Too many failed attempts. Try again in 15 minute(s).");
    if (!user.active || stored !== password) {
      this.#failed(user.username, user.id);
      throw fail("SignInFailed", "That password is not right.");
    }
    this.#failures.delete(key(user.username));
    this.audit.record(user.id, this.now(), "unlock", "user", user.id);
    s.locked = false;
    s.lastActive = this.now().getTime();
    return this.status();
  }

  list(): User[] {
    return [...this.#users.values()].map((u) => u.user).sort((a, b) =>
      Number(b.active) - Number(a.active) || key(a.display_name).localeCompare(key(b.display_name)));
  }

  save(input: UserInput): User {
    const before = this.#users.get(input.id);
    const c = new Check();
    this.#validate(c, input, !before);
    if (c.errors.length) throw fail("Invalid", "Some fields need attention.", c.errors);
    this.#unique(input);
    const admins = [...this.#users.values()]
      .filter((u) => u.user.id !== input.id && u.user.active && u.user.roles.includes("admin")).length;
    if (admins === 0 && !(input.active && input.roles.includes("admin"))) {
      throw fail("Conflict", "The clinic needs at least one active admin. Make another user admin first.");
    }
    const old = before ? { ...before.user } : null;
    const user = this.#store(input);
    this.audit.record(this.actor, this.now(), old ? "update" : "create", "user", user.id, {
      old, new: user, reason: old && input.password !== null ? "password reset by an admin" : null,
    });
    return user;
  }

  changePassword(current: string, next: string): null {
    const id = this.#session!.userId;
    const problem = passwordProblem(next);
    if (problem) throw fail("Invalid", "Some fields need attention.", [{ field: "new_password", message: problem }]);
    const stored = this.#users.get(id)!;
    if (stored.password !== current) {
      this.#failed(stored.user.username, id);
      throw fail("Invalid", "Some fields need attention.", [
        { field: "current_password", message: "The current password is not right." },
      ]);
    }
    stored.password = next;
    this.audit.record(id, this.now(), "password_change", "user", id);
    return null;
  }

  #validate(c: Check, input: UserInput, isNew: boolean) {
    c.line("username", "User name", input.username, 50, true);
    if ([...input.username.trim()].some((ch) => !/[\p{L}\p{N}._@-]/u.test(ch))) {
      c.fail("username", "Use letters, digits, dots, dashes or underscores, without spaces.");
    }
    c.line("display_name", "Name", input.display_name, 100, true);
    c.line("signature_name", "Signature name", input.signature_name, 100, true);
    c.line("registration", "Registration number", input.registration, 100, false);
    if (input.roles.length === 0) c.fail("roles", "Choose at least one role.");
    if (input.password === null && isNew) c.fail("password", "Set a password for the new account.");
    const problem = input.password === null ? null : passwordProblem(input.password);
    if (problem) c.fail("password", problem);
  }

  /** The core finds a taken name when it writes, after the other checks. */
  #unique(input: UserInput) {
    const taken = [...this.#users.values()]
      .some((u) => u.user.id !== input.id && key(u.user.username) === key(input.username));
    if (taken) {
      throw fail("Invalid", "Some fields need attention.", [{ field: "username", message: "That user name is already taken." }]);
    }
  }

  #store(input: UserInput): User {
    const before = this.#users.get(input.id);
    const clean = (v: string) => v.trim().normalize("NFC");
    const user: User = {
      id: input.id, username: clean(input.username), display_name: clean(input.display_name),
      signature_name: clean(input.signature_name), registration: clean(input.registration),
      roles: sortRoles(input.roles), active: input.active,
    };
    this.#users.set(user.id, { user, password: input.password ?? before?.password ?? "" });
    return user;
  }

  #begin(userId: string) {
    this.#session = { userId, lastActive: this.now().getTime(), locked: false };
  }

  #lockIfIdle() {
    const s = this.#session;
    if (!s || s.locked || !this.#idleLock) return;
    const deadline = s.lastActive + this.reference.settings.idle_lock_minutes * 60_000;
    if (this.now().getTime() >= deadline) this.#lock(new Date(deadline), "idle");
  }

  #lock(at: Date, why: string) {
    const s = this.#session!;
    s.locked = true;
    this.audit.record(s.userId, at, "lock", "user", s.userId, { reason: why });
  }

  #tooMany(name: string): boolean {
    const since = this.now().getTime() - WINDOW_MS;
    return (this.#failures.get(key(name)) ?? []).filter((t) => t >= since).length >= MAX_FAILURES;
  }

  #failed(name: string, userId: string | null) {
    const list = this.#failures.get(key(name)) ?? [];
    list.push(this.now().getTime());
    this.#failures.set(key(name), list);
    this.audit.record(userId, this.now(), "sign_in_failed", "user", userId, { new: { username: name } });
  }
}

function sortRoles(roles: Role[]): Role[] {
  return ROLE_ORDER.filter((r) => roles.includes(r));
}
