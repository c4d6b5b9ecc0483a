// The session search form as the user fills it (every field a string, "" for "any") and the
// filter the backend reads.
import type { DeviceKind } from "../../bindings/DeviceKind";
import type { SessionFilter } from "../../bindings/SessionFilter";

export interface FilterForm {
  lot: string;
  area_id: string;
  device_kind: DeviceKind | "";
  device_model_id: string;
  product: string;
  reaction_type_id: string;
  min_grade: string;
  clinician: string;
  from: string;
  to: string;
}

export const emptyForm = (): FilterForm => ({
  lot: "", area_id: "", device_kind: "", device_model_id: "", product: "", reaction_type_id: "",
  min_grade: "", clinician: "", from: "", to: "",
});

const text = (v: string) => (v.trim() === "" ? null : v.trim());

/**
 * The backend's filter: empty fields are `null`. A grade that is not a whole number becomes
 * -1, which the backend refuses at the field, so the user sees why rather than a silent "any".
 */
export function toFilter(f: FilterForm): SessionFilter {
  const grade = f.min_grade.trim() === "" ? null : Number(f.min_grade);
  return {
    patient_id: null,
    lot: text(f.lot),
    area_id: text(f.area_id),
    device_kind: f.device_kind === "" ? null : f.device_kind,
    device_model_id: text(f.device_model_id),
    product: text(f.product),
    reaction_type_id: text(f.reaction_type_id),
    min_grade: grade === null ? null : Number.isInteger(grade) ? grade : -1,
    clinician: text(f.clinician),
    course_id: null,
    from: text(f.from),
    to: text(f.to),
  };
}

/** True when no field narrows the search. */
export function isEmptyForm(f: FilterForm): boolean {
  return Object.values(f).every((v) => v.trim() === "");
}
