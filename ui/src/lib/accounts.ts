// Accounts in the UI: role names, the user form's working copy and its conversion to the
// backend's input, and the field errors of set-up, user and password forms.
import type { ApiError } from "../bindings/ApiError";
import type { Role } from "../bindings/Role";
import type { User } from "../bindings/User";
import type { UserInput } from "../bindings/UserInput";
import { collectFieldErrors, type FieldErrors } from "./field-errors";

/** The shortest password the backend accepts. */
export const MIN_PASSWORD = 10;
export const PASSWORD_HINT = `At least ${MIN_PASSWORD} characters.`;
export const MISMATCH = "The two passwords do not match.";

export const ROLES: { value: Role; label: string; hint: string }[] = [
  { value: "clinician", label: "Clinician", hint: "records patients, sessions, medical history, courses and aftercare" },
  { value: "aesthetician", label: "Aesthetician", hint: "reads every record" },
  { value: "admin", label: "Admin", hint: "settings, users, the audit trail and CSV exports" },
];

export function roleLabel(r: Role): string {
  return ROLES.find((x) => x.value === r)?.label ?? r;
}

export function rolesText(roles: Role[]): string {
  return roles.map(roleLabel).join(", ");
}

export interface UserDraft {
  id: string;
  username: string;
  display_name: string;
  signature_name: string;
  registration: string;
  roles: Role[];
  active: boolean;
  /** Empty: keep the current password (an existing account). */
  password: string;
}

export function userDraft(id: string, u?: User): UserDraft {
  return u
    ? { ...u, roles: [...u.roles], password: "" }
    : {
        id, username: "", display_name: "", signature_name: "", registration: "", roles: ["clinician"],
        active: true, password: "",
      };
}

/**
 * The input to save. An empty password on an existing account keeps it; on a new one it is
 * sent empty, which the backend refuses under the field.
 */
export function userInput(d: UserDraft, isNew: boolean): UserInput {
  return {
    id: d.id, username: d.username, display_name: d.display_name, signature_name: d.signature_name,
    registration: d.registration, roles: ROLES.map((r) => r.value).filter((r) => d.roles.includes(r)),
    active: d.active, password: d.password === "" && !isNew ? null : d.password,
  };
}

/** Field errors by path; an `admin.` prefix (set-up's nested user) is dropped. */
export function accountFieldErrors(e: ApiError): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(collectFieldErrors(e))) {
    const path = field.replace(/^admin\./, "");
    out[path] = out[path] ? `${out[path]} ${message}` : message;
  }
  return out;
}
