// Words for the audit viewer: each action and kind of record in plain language, and the
// stored before / after values pretty-printed.
import type { Action } from "../bindings/Action";
import type { AuditEvent } from "../bindings/AuditEvent";

/** Rows per page ("Load more" asks for the next). */
export const AUDIT_PAGE = 200;

const ACTION_LABELS: Record<Action, string> = {
  create: "Created",
  update: "Changed",
  archive: "Archived",
  restore: "Restored",
  view: "Viewed",
  export: "Exported",
  print: "Printed",
  sign_in: "Signed in",
  sign_in_failed: "Sign-in failed",
  sign_in_refused: "Sign-in refused (too many attempts)",
  sign_out: "Signed out",
  lock: "Locked",
  unlock: "Unlocked",
  override: "Screening overridden",
  settings: "Settings changed",
  sign: "Signed",
  addendum: "Addendum added",
  password_change: "Password changed",
  generate: "Demo data generated",
  backup: "Backup taken",
  backup_restored: "Restored from a backup",
  import: "Imported",
};

/** Every action, in the order the filter lists them. */
export const ACTIONS = Object.keys(ACTION_LABELS) as Action[];

export function actionLabel(a: Action): string {
  return ACTION_LABELS[a] ?? a;
}

const ENTITY_LABELS: Record<string, string> = {
  patient: "Patient",
  session: "Session",
  user: "User",
  history_entry: "Medical history entry",
  course: "Course",
  csv: "CSV file",
  key_file: "Encryption key file",
};

/** "history_entry" → "Medical history entry"; unknown kinds read as words. */
export function entityLabel(entity: string): string {
  const known = ENTITY_LABELS[entity];
  if (known) return known;
  const words = entity.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** JSON text indented for reading; text that is not JSON as it is. */
export function prettyJson(text: string | null): string | null {
  if (text === null) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Who acted: their name, or the name typed at a failed sign-in, or "Unknown". */
export function actorName(e: AuditEvent): string {
  if (e.user_name) return e.user_name;
  try {
    const typed = (JSON.parse(e.new_value ?? "null") as { username?: unknown } | null)?.username;
    if (typeof typed === "string" && typed) return `“${typed}” (no account)`;
  } catch {
    // not JSON: fall through
  }
  return "Unknown";
}

/** A stable key for a row: its chain and place in it. */
export function eventKey(e: AuditEvent): string {
  return `${e.workstation_id}:${String(e.seq)}`;
}
