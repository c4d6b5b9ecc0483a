// A tiny hash router: `#/patients/<id>` and friends. The current route is rune state, so
// components re-render when the hash changes (links, back/forward, `navigate`). A query after
// `?` carries options: `#/patients/<id>/sessions/new?from=<sessionId>` repeats a session,
// `#/audit?patient=<id>` shows one patient's audit trail; `#/patients/<id>/photos` is the gallery;
// `#/consents/<id>` is a consent's printable record.

export type Route =
  | { name: "home" }
  | { name: "patient-new" }
  | { name: "patient"; id: string }
  | { name: "patient-edit"; id: string }
  | { name: "session-new"; patientId: string; from?: string }
  | { name: "session"; id: string }
  | { name: "session-edit"; id: string }
  | { name: "session-aftercare"; id: string }
  | { name: "settings" }
  | { name: "due" }
  | { name: "search" }
  | { name: "recall"; lot?: string }
  | { name: "reports" }
  | { name: "patient-summary"; id: string }
  | { name: "patient-photos"; id: string }
  | { name: "consent"; id: string }
  | { name: "session-compare"; a: string; b: string }
  | { name: "account" }
  | { name: "users" }
  | { name: "audit"; patient?: string }
  | { name: "backups" }
  | { name: "import" }
  | { name: "export" }
  | { name: "not-found"; path: string };

const PATTERNS: [RegExp, (m: string[], q: URLSearchParams) => Route][] = [
  [/^\/?$/, () => ({ name: "home" })],
  [/^\/patients\/new$/, () => ({ name: "patient-new" })],
  [/^\/patients\/([^/]+)$/, (m) => ({ name: "patient", id: m[1] })],
  [/^\/patients\/([^/]+)\/edit$/, (m) => ({ name: "patient-edit", id: m[1] })],
  [/^\/patients\/([^/]+)\/sessions\/new$/, (m, q) => {
    const from = q.get("from");
    return from ? { name: "session-new", patientId: m[1], from } : { name: "session-new", patientId: m[1] };
  }],
  [/^\/sessions\/([^/]+)$/, (m) => ({ name: "session", id: m[1] })],
  [/^\/sessions\/([^/]+)\/edit$/, (m) => ({ name: "session-edit", id: m[1] })],
  [/^\/sessions\/([^/]+)\/aftercare$/, (m) => ({ name: "session-aftercare", id: m[1] })],
  [/^\/settings$/, () => ({ name: "settings" })],
  [/^\/due$/, () => ({ name: "due" })],
  [/^\/search$/, () => ({ name: "search" })],
  [/^\/recall$/, (_m, q) => {
    const lot = q.get("lot");
    return lot ? { name: "recall", lot } : { name: "recall" };
  }],
  [/^\/reports$/, () => ({ name: "reports" })],
  [/^\/patients\/([^/]+)\/summary$/, (m) => ({ name: "patient-summary", id: m[1] })],
  [/^\/patients\/([^/]+)\/photos$/, (m) => ({ name: "patient-photos", id: m[1] })],
  [/^\/consents\/([^/]+)$/, (m) => ({ name: "consent", id: m[1] })],
  [/^\/compare\/([^/]+)\/([^/]+)$/, (m) => ({ name: "session-compare", a: m[1], b: m[2] })],
  [/^\/account$/, () => ({ name: "account" })],
  [/^\/users$/, () => ({ name: "users" })],
  [/^\/backups$/, () => ({ name: "backups" })],
  [/^\/import$/, () => ({ name: "import" })],
  [/^\/export$/, () => ({ name: "export" })],
  [/^\/audit$/, (_m, q) => {
    const patient = q.get("patient");
    return patient ? { name: "audit", patient } : { name: "audit" };
  }],
];

/** The route for a hash such as `#/patients/123`; unknown query options are ignored. */
export function parseRoute(hash: string): Route {
  const [rawPath, rawQuery = ""] = hash.replace(/^#/, "").split("?", 2);
  const path = decodeURIComponent(rawPath);
  const query = new URLSearchParams(rawQuery);
  for (const [re, make] of PATTERNS) {
    const m = re.exec(path);
    if (m) return make(m, query);
  }
  return { name: "not-found", path };
}

/** Hash links for each route. */
export const href = {
  home: () => "#/",
  newPatient: () => "#/patients/new",
  patient: (id: string) => `#/patients/${encodeURIComponent(id)}`,
  editPatient: (id: string) => `#/patients/${encodeURIComponent(id)}/edit`,
  newSession: (patientId: string) => `#/patients/${encodeURIComponent(patientId)}/sessions/new`,
  /** A new session pre-filled from session `fromId` of the same patient. */
  repeatSession: (patientId: string, fromId: string) =>
    `#/patients/${encodeURIComponent(patientId)}/sessions/new?from=${encodeURIComponent(fromId)}`,
  session: (id: string) => `#/sessions/${encodeURIComponent(id)}`,
  editSession: (id: string) => `#/sessions/${encodeURIComponent(id)}/edit`,
  aftercare: (id: string) => `#/sessions/${encodeURIComponent(id)}/aftercare`,
  settings: () => "#/settings",
  /** The clinic's courses due soon or overdue. */
  due: () => "#/due",
  /** Clinic-wide session search. */
  search: () => "#/search",
  /** Lot recall, optionally for one lot. */
  recall: (lot?: string) => (lot ? `#/recall?lot=${encodeURIComponent(lot)}` : "#/recall"),
  reports: () => "#/reports",
  /** A patient's printable summary. */
  patientSummary: (id: string) => `#/patients/${encodeURIComponent(id)}/summary`,
  /** A patient's photo gallery (and comparing two photos). */
  patientPhotos: (id: string) => `#/patients/${encodeURIComponent(id)}/photos`,
  /** A consent's printable record. */
  consent: (id: string) => `#/consents/${encodeURIComponent(id)}`,
  /** Two sessions side by side (older first). */
  compare: (a: string, b: string) => `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
  /** The signed-in user's own account (change password). */
  account: () => "#/account",
  users: () => "#/users",
  /** The audit trail, optionally of one patient's record. */
  audit: (patientId?: string) => (patientId ? `#/audit?patient=${encodeURIComponent(patientId)}` : "#/audit"),
  /** The backup folder, "Back up now" and the kept backups (admins). */
  backups: () => "#/backups",
  /** Patients and sessions from spreadsheet files (admins). */
  importData: () => "#/import",
  /** The clinic's records as CSV or HL7 FHIR (admins). */
  exportData: () => "#/export",
};

class Router {
  route = $state<Route>(parseRoute(typeof location === "undefined" ? "" : location.hash));
  /** A navigation held back because the open form has unsaved work (see `guard`). */
  pending = $state<string | null>(null);
  /** A one-shot message for the next page ("Session saved"), cleared when read. */
  flash: string | null = null;
  #current = typeof location === "undefined" ? "" : location.hash;
  #guard: (() => boolean) | null = null;

  /** Re-reads the URL (hashchange, tests). A guarded page keeps the URL and asks first. */
  sync = () => {
    const next = location.hash;
    if (next !== this.#current && this.#guard?.()) {
      this.pending = next;
      history.replaceState(history.state, "", this.#current || "#/");
      return;
    }
    this.#current = next;
    this.pending = null;
    this.route = parseRoute(next);
  };

  /** Goes to a hash link; the route updates at once, not on the async hashchange. */
  navigate(to: string, flash: string | null = null) {
    this.flash = flash;
    if (location.hash !== to) location.hash = to;
    this.sync();
  }

  /**
   * While a form is open: `hasUnsavedWork` says whether leaving would lose typing. Links and
   * back/forward then set `pending` instead of leaving. Returns the function that removes it.
   */
  guard(hasUnsavedWork: () => boolean): () => void {
    this.#guard = hasUnsavedWork;
    return () => {
      if (this.#guard === hasUnsavedWork) this.#guard = null;
    };
  }

  /** Leaves for the held-back (or given) destination without asking again. */
  leaveAnyway(to: string | null = this.pending) {
    this.#guard = null;
    this.pending = null;
    if (to) this.navigate(to);
  }

  /** True when the open form has typing that leaving (or signing out) would lose. */
  hasUnsavedWork(): boolean {
    return this.#guard?.() ?? false;
  }

  takeFlash(): string | null {
    const f = this.flash;
    this.flash = null;
    return f;
  }
}

export const router = new Router();

if (typeof window !== "undefined") window.addEventListener("hashchange", router.sync);
