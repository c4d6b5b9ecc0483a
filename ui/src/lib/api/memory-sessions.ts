// The in-memory backend's session calls: saving a session as the core does (its rules, an
// archived patient refused, a signed session locked, the clinical guidance's blocking findings
// refusing the save, the screening stored with it), the live check, reading, signing and
// addenda (see memory-signing.ts), and a patient's history, whole or its newest sessions.
import type { Action } from "../../bindings/Action";
import type { Patient } from "../../bindings/Patient";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import type { SessionInput } from "../../bindings/SessionInput";
import type { Backend } from "./backend";
import type { Accounts, Need } from "./memory-accounts";
import type { AuditExtra } from "./memory-audit";
import type { CourseStore } from "./memory-courses";
import { fail } from "./memory-fail";
import type { Assessment } from "./memory-guidance";
import { screeningResults } from "./memory-screening";
import { storedSession } from "./memory-session";
import * as signing from "./memory-signing";
import { validateSession } from "./memory-validate";

/** What the session calls use of the backend around them. */
export interface SessionContext {
  run: <T>(body: () => T, need?: Need) => Promise<T>;
  /** A clinical write, audited as a create or an update. */
  clinical: <T extends { id: string }>(entity: string, stored: (id: string) => unknown, id: string,
    patientOf: (saved: T) => string, body: () => T) => Promise<T>;
  reference: ReferenceData;
  sessions: Map<string, Session>;
  courses: CourseStore;
  accounts: Accounts;
  now: () => Date;
  log: (action: Action, entity: string, id: string | null, extra?: AuditExtra) => void;
  patient: (id: string) => Patient;
  findSession: (id: string) => Session;
  /** A session with its place in its course. */
  placed: (s: Session) => Session;
  /** The guidance for `input`, judged against the patient's other sessions and history. */
  assess: (input: SessionInput) => Assessment;
}

type SessionCalls = Pick<Backend, "saveSession" | "checkSession" | "getSession" | "signSession" | "addAddendum"
  | "listPatientSessions" | "listRecentSessions">;

/** The most sessions `listRecentSessions` returns (as in the core). */
const RECENT_MAX = 50;

export function sessionCalls(ctx: SessionContext): SessionCalls {
  const { run, clinical, reference, sessions, courses, accounts, now, log, patient, findSession, placed, assess } = ctx;

  /** A patient's sessions, newest first; a list carries only the rules that fired. */
  const listed = (patientId: string): Session[] => {
    patient(patientId);
    return [...sessions.values()]
      .filter((s) => s.patient_id === patientId)
      .sort((a, b) => (b.started_at.localeCompare(a.started_at) || b.id.localeCompare(a.id)))
      .map((s) => ({ ...placed(s), screening: s.screening.filter((r) => r.flagged) }));
  };

  return {
    saveSession: (input: SessionInput) =>
      clinical("session", (id) => sessions.get(id), input.id, (s) => s.patient_id, () => {
        const errors = validateSession(input, reference, now());
        if (errors.length) throw fail("Invalid", "Some fields need attention.", errors);
        const p = patient(input.patient_id);
        if (p.archived) {
          throw fail("Invalid", "Some fields need attention.", [{
            field: "patient_id",
            message: "This patient is archived. Restore the patient before recording a session.",
          }]);
        }
        const existing = sessions.get(input.id);
        if (existing && existing.patient_id !== input.patient_id) {
          throw fail("Conflict", "This session belongs to another patient and cannot be moved.");
        }
        if (existing?.status === "signed") {
          throw fail("Locked", "This session is signed and can no longer be changed.");
        }
        courses.checkSession(input);
        const assessment = assess(input);
        const blocks = assessment.findings.filter((f) => f.level === "block" && !f.overridden);
        if (blocks.length) {
          throw fail("Invalid", "Some fields need attention.", blocks.map(({ field, message }) => ({ field, message })));
        }
        const stamp = now().toISOString();
        const screening = screeningResults(assessment.screening, input.overrides, input.clinician_name.trim(), stamp);
        const saved = storedSession(input, reference, existing, stamp, screening);
        sessions.set(saved.id, saved);
        return placed(saved);
      }),

    checkSession: (input) => run(() => assess(input).findings, "clinician"),

    getSession: (id) => run(() => placed(findSession(id))),

    signSession: (input) =>
      run(() => {
        if (!accounts.passwordMatches(input.password)) {
          throw fail("Invalid", "Some fields need attention.", [
            { field: "password", message: "That password is not right." },
          ]);
        }
        const signer = accounts.user;
        if (!signer.roles.includes("clinician")) throw fail("Forbidden", "Only clinicians sign sessions.");
        const s = findSession(input.session_id);
        const sig = signing.sign(s, signer, input.meaning, now().toISOString());
        log("sign", "session", s.id, {
          patient: s.patient_id,
          new: { signature_id: sig.id, meaning: sig.meaning, signer_name: sig.signer_name, content_hash: sig.content_hash },
        });
        return placed(s);
      }, "clinician"),

    addAddendum: (input) =>
      run(() => {
        signing.checkAddendumRole(input, accounts.user);
        signing.validateAddendum(input, reference);
        const s = findSession(input.session_id);
        const added = signing.addTo(s, input, accounts.user, now().toISOString());
        log("addendum", "session", s.id, added
          ? { patient: s.patient_id, new: added, reason: added.reason || null }
          : { patient: s.patient_id, reason: "retry: already recorded" });
        return placed(s);
      }, ["clinician", "aesthetician"]),

    listPatientSessions: (patientId) => run(() => listed(patientId)),
    listRecentSessions: (patientId, limit) =>
      run(() => {
        const all = listed(patientId);
        if (!Number.isInteger(limit) || limit < 1 || limit > RECENT_MAX) {
          throw fail("Invalid", "Some fields need attention.",
            [{ field: "limit", message: `Ask for 1 to ${RECENT_MAX} sessions.` }]);
        }
        return { sessions: all.slice(0, limit), total: all.length };
      }),
  };
}
