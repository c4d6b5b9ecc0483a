// The in-memory backend's data exports (admins): whole-clinic CSVs, HL7 FHIR R4 JSON of the clinic
// or of one patient, and a patient's record packet (a folder). Nothing is written: each answers
// with the path the save dialog would give and the count the file would hold, and is audited as
// an export, as in the app. Cancelling the dialog (an option) answers null and records nothing.
import type { Action } from "../../bindings/Action";
import type { Patient } from "../../bindings/Patient";
import type { RecordsKind } from "../../bindings/RecordsKind";
import type { Session } from "../../bindings/Session";
import type { Backend } from "./backend";
import type { Need } from "./memory-accounts";
import type { AuditExtra } from "./memory-audit";
import { fail } from "./memory-fail";

export interface ExportMemoryOptions {
  /** The admin cancels every export's save dialog. */
  exportCancelled?: boolean;
}

/** What the export calls need from the rest of the memory backend. */
export interface ExportContext {
  run: <T>(body: () => T, need?: Need) => Promise<T>;
  log: (action: Action, entity: string, id: string | null, extra?: AuditExtra) => void;
  now: () => Date;
  patients: Map<string, Patient>;
  sessions: () => Iterable<Session>;
}

type ExportCalls = Pick<Backend, "exportRecords" | "exportFhir" | "exportPatientPacket">;


/** Sessions' rows per kind of CSV. */
const ROWS: Record<Exclude<RecordsKind, "patients">, (s: Session) => number> = {
  session_areas: (s) => s.areas.length,
  reactions: (s) => s.reactions.length,
};

export function exportCalls(ctx: ExportContext, opts: ExportMemoryOptions = {}): ExportCalls {
  const { run, log } = ctx;
  const today = () => ctx.now().toISOString().slice(0, 10);
  const patient = (id: string) => {
    const p = ctx.patients.get(id);
    if (!p) throw fail("NotFound", "That patient could not be found.");
    return p;
  };
  const sessionsOf = (patientId: string | null) =>
    [...ctx.sessions()].filter((s) => patientId === null || s.patient_id === patientId);
  const fileOf = (p: Patient) => (p.mrn ?? p.id.slice(0, 8)).replace(/[^A-Za-z0-9-]+/g, "-");

  return {
    exportRecords: (kind) =>
      run(() => {
        if (opts.exportCancelled) return null;
        const rows = kind === "patients"
          ? ctx.patients.size
          : sessionsOf(null).reduce((n, s) => n + ROWS[kind](s), 0);
        const done = { path: `/tmp/dermalog-${kind.replace("_", "-")}-${today()}.csv`, rows };
        log("export", "csv", null, { new: { kind, rows } });
        return done;
      }, "admin"),
    exportFhir: (patientId) =>
      run(() => {
        const p = patientId === null ? null : patient(patientId);
        if (opts.exportCancelled) return null;
        // A Patient resource each, an Encounter per session, a Procedure per area, an
        // Observation per reaction.
        const sessions = sessionsOf(patientId);
        const rows = (p ? 1 : ctx.patients.size)
          + sessions.reduce((n, s) => n + 1 + s.areas.length + s.reactions.length, 0);
        const name = p ? `patient-${fileOf(p)}` : "clinic";
        log("export", "fhir", null, { patient: patientId, new: { rows } });
        return { path: `/tmp/dermalog-fhir-${name}-${today()}.json`, rows };
      }, "admin"),
    exportPatientPacket: (patientId) =>
      run(() => {
        const p = patient(patientId);
        if (opts.exportCancelled) return null;
        const rows = sessionsOf(patientId).length;
        log("export", "packet", null, { patient: patientId, new: { rows } });
        return { path: `/tmp/dermalog-record-${fileOf(p)}-${today()}`, rows };
      }, "admin"),
  };
}
