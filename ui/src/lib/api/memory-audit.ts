// The in-memory backend's audit trail: one row per audited act on one "workstation" chain,
// read newest first with the viewer's filters, and a verify that finds it intact (nothing
// here can tamper with it). The hash is a stand-in, not the core's SHA-256 chain.
import type { Action } from "../../bindings/Action";
import type { AuditEvent } from "../../bindings/AuditEvent";
import type { AuditQuery } from "../../bindings/AuditQuery";
import type { AuditReport } from "../../bindings/AuditReport";

export const MEMORY_WORKSTATION = "0190a000-0000-7000-8000-0000000000f1";

interface Row {
  seq: number;
  at: string;
  user_id: string | null;
  action: Action;
  entity: string;
  entity_id: string | null;
  patient_id: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
}

export interface AuditExtra {
  patient?: string | null;
  old?: unknown;
  new?: unknown;
  reason?: string | null;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** A short stand-in hash (FNV-1a, hex) so rows differ as real ones do. */
function fakeHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0").repeat(8);
}

export class AuditLog {
  readonly rows: Row[] = [];

  record(userId: string | null, at: Date, action: Action, entity: string, entityId: string | null,
    extra: AuditExtra = {}): void {
    this.rows.push({
      seq: this.rows.length + 1, at: at.toISOString(), user_id: userId, action, entity, entity_id: entityId,
      patient_id: extra.patient ?? (entity === "patient" ? entityId : null),
      old_value: json(extra.old), new_value: json(extra.new), reason: extra.reason ?? null,
    });
  }

  list(q: AuditQuery, nameOf: (id: string | null) => string | null): AuditEvent[] {
    const limit = q.limit <= 0 ? 200 : Math.min(q.limit, 500);
    return this.#select(q)
      .sort((a, b) => b.at.localeCompare(a.at) || b.seq - a.seq)
      .slice(Math.max(0, q.offset), Math.max(0, q.offset) + limit)
      .map((r) => ({
        ...r,
        workstation_id: MEMORY_WORKSTATION,
        // As the IPC delivers it: a JSON number (the binding says bigint for an i64).
        seq: r.seq as unknown as bigint,
        user_name: nameOf(r.user_id),
        hash: fakeHash(JSON.stringify(r)),
      }));
  }

  /** How many rows the filters select, paging ignored (the audit CSV export). */
  count(q: AuditQuery): number {
    return this.#select(q).length;
  }

  #select(q: AuditQuery): Row[] {
    return this.rows.filter((r) => (q.user_id === null || r.user_id === q.user_id)
      && (q.patient_id === null || r.patient_id === q.patient_id)
      && (q.action === null || r.action === q.action)
      && (q.from === null || r.at.slice(0, 10) >= q.from)
      && (q.to === null || r.at.slice(0, 10) <= q.to));
  }

  /** The chain's newest row and its (stand-in) hash, as a backup records them; seq 0: none. */
  head(): { seq: number; hash: string } {
    const last = this.rows.at(-1);
    return last ? { seq: last.seq, hash: fakeHash(JSON.stringify(last)) } : { seq: 0, hash: "" };
  }

  verify(): AuditReport {
    return { ok: true, rows: this.rows.length, chains: this.rows.length ? 1 : 0, problems: [] };
  }
}
