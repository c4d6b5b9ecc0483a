// Who is signed in, with which roles, and whether the app is locked: one AuthStatus from the
// backend. It is kept current by the sign-in, lock and unlock calls; by polling every 15 s
// while someone is signed in (and when the window gets focus), so the idle lock shows on
// time; and by every API reply that says "AppLocked" or "NotSignedIn", whichever component
// made the call (hooked once, in api/index.ts). Typing, pointing and scrolling tell the
// backend the user is still there, at most every 30 s.
// While the database is sealed (encrypted, not open yet) the first sign-in opens it, or the
// recovery key does. A recovery key to show (made at set-up, or on request on the Users page)
// is held here until the admin says it is stored; it is forgotten when no one is signed in.
import type { AuthStatus } from "../../bindings/AuthStatus";
import type { ClinicSetup } from "../../bindings/ClinicSetup";
import type { Role } from "../../bindings/Role";
import { api, isApiError, onAuthLost } from "../api";

export const POLL_MS = 15_000;
export const KEEP_ALIVE_MS = 30_000;

/**
 * What the UI offers. Reading is every signed-in user's; recording patients, sessions,
 * medical history, courses and aftercare is a clinician's; settings, users, the audit trail
 * and CSV exports are an admin's.
 */
export type Capability = "record" | "admin";
const NEEDS: Record<Capability, Role> = { record: "clinician", admin: "admin" };

const ACTIVITY = ["keydown", "pointerdown", "wheel"] as const;

/** A recovery key to show once, or why the one made at set-up could not be fetched. */
export type KeyToShow = { key: string; problem: null } | { key: null; problem: string };

class AuthStore {
  status = $state<AuthStatus | null>(null);
  /** The recovery-key screen covers the app while this is set. */
  keyToShow = $state<KeyToShow | null>(null);
  #lastKeepAlive = 0;

  /** The signed-in user (also while locked). */
  get user() {
    return this.status?.user ?? null;
  }
  get locked(): boolean {
    return !!this.status?.user && this.status.locked;
  }
  get setupNeeded(): boolean {
    return this.status?.setup_needed ?? false;
  }
  get clinicName(): string {
    return this.status?.clinic_name ?? "";
  }
  /** Encrypted and not open yet: the sign-in (or the recovery key) opens the records. */
  get sealed(): boolean {
    return this.status?.sealed ?? false;
  }

  /** True when the signed-in user may do `what`. */
  can(what: Capability): boolean {
    return this.has(NEEDS[what]);
  }

  /** True when the signed-in user holds `role`. */
  has(role: Role): boolean {
    return this.user?.roles.includes(role) ?? false;
  }

  /** Forgets the status (app start). */
  reset() {
    this.status = null;
    this.keyToShow = null;
    this.#lastKeepAlive = 0;
  }

  async refresh(): Promise<AuthStatus> {
    const s = await api.getAuthStatus();
    this.status = s;
    return s;
  }

  /** Sets the clinic up, then fetches its recovery key (given once) to show before the app. */
  async setUp(setup: ClinicSetup): Promise<void> {
    const s = await api.setUpClinic(setup);
    try {
      const key = await api.takeRecoveryKey();
      this.keyToShow = key === null ? null : { key, problem: null };
    } catch (e) {
      const why = isApiError(e) ? e.message : String(e);
      this.keyToShow = s.encrypted
        ? { key: null, problem: `The recovery key could not be shown (${why}).` }
        : null;
    }
    this.#signedIn(s);
  }
  async signIn(username: string, password: string): Promise<void> {
    this.keyToShow = null;
    this.#signedIn(await api.signIn(username, password));
  }
  /** Opens the sealed database with the recovery key; someone then signs in as usual. */
  async unlockWithRecoveryKey(recoveryKey: string): Promise<void> {
    this.status = await api.unlockWithRecoveryKey(recoveryKey);
  }
  /** Shows a new recovery key (made on the Users page) over the app. */
  showRecoveryKey(key: string) {
    this.keyToShow = { key, problem: null };
  }
  /** The admin has printed or written down the key: the app goes on. */
  recoveryKeyStored() {
    this.keyToShow = null;
  }
  async unlock(password: string): Promise<void> {
    this.#signedIn(await api.unlockApp(password));
  }
  async lock(): Promise<void> {
    this.status = await api.lockApp();
  }
  async signOut(): Promise<void> {
    this.status = await api.signOut();
    this.keyToShow = null;
  }

  #signedIn(s: AuthStatus) {
    this.status = s;
    this.#lastKeepAlive = Date.now();
  }

  /** A reply said the app is locked, or that no one is signed in any more. */
  lost(code: "AppLocked" | "NotSignedIn") {
    const s = this.status;
    if (!s?.user) return;
    if (code === "NotSignedIn") this.keyToShow = null;
    this.status = code === "AppLocked" ? { ...s, locked: true } : { ...s, user: null, locked: false };
  }

  /** The user typed, pointed or scrolled: tells the backend, at most every 30 s. */
  activity = () => {
    if (!this.user || this.locked || Date.now() - this.#lastKeepAlive < KEEP_ALIVE_MS) return;
    this.#lastKeepAlive = Date.now();
    // A refusal (locked meanwhile) reaches `lost` through the API hook.
    api.keepAlive().catch(() => {});
  };

  /** Asks whether the idle lock has come (while signed in and unlocked). */
  poll = () => {
    if (!this.user || this.locked) return;
    this.refresh().catch(() => {});
  };

  /** Starts polling and watching for activity; returns the function that stops both. */
  start(): () => void {
    const timer = setInterval(this.poll, POLL_MS);
    for (const type of ACTIVITY) window.addEventListener(type, this.activity, { capture: true, passive: true });
    window.addEventListener("focus", this.poll);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, this.activity, { capture: true });
      window.removeEventListener("focus", this.poll);
    };
  }
}

export const auth = new AuthStore();

onAuthLost((code) => auth.lost(code));
