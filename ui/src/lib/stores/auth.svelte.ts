// Who is signed in, with which roles, and whether the app is locked: one AuthStatus from the
// backend. It is kept current by the sign-in, lock and unlock calls; by polling every 15 s
// while someone is signed in (and when the window gets focus), so the idle lock shows on
// time; and by every API reply that says "AppLocked" or "NotSignedIn", whichever component
// made the call (hooked once, in api/index.ts). Typing, pointing and scrolling tell the
// backend the user is still there, at most every 30 s.
import type { AuthStatus } from "../../bindings/AuthStatus";
import type { ClinicSetup } from "../../bindings/ClinicSetup";
import type { Role } from "../../bindings/Role";
import { api, onAuthLost } from "../api";

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

class AuthStore {
  status = $state<AuthStatus | null>(null);
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
    this.#lastKeepAlive = 0;
  }

  async refresh(): Promise<AuthStatus> {
    const s = await api.getAuthStatus();
    this.status = s;
    return s;
  }

  async setUp(setup: ClinicSetup): Promise<void> {
    this.#signedIn(await api.setUpClinic(setup));
  }
  async signIn(username: string, password: string): Promise<void> {
    this.#signedIn(await api.signIn(username, password));
  }
  async unlock(password: string): Promise<void> {
    this.#signedIn(await api.unlockApp(password));
  }
  async lock(): Promise<void> {
    this.status = await api.lockApp();
  }
  async signOut(): Promise<void> {
    this.status = await api.signOut();
  }

  #signedIn(s: AuthStatus) {
    this.status = s;
    this.#lastKeepAlive = Date.now();
  }

  /** A reply said the app is locked, or that no one is signed in any more. */
  lost(code: "AppLocked" | "NotSignedIn") {
    const s = this.status;
    if (!s?.user) return;
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
