// The patient form's working copy and its conversion to the backend's PatientInput.
import type { Patient } from "../bindings/Patient";
import type { PatientInput } from "../bindings/PatientInput";
import type { SexAtBirth } from "../bindings/SexAtBirth";

export interface PatientDraft {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  sex_at_birth: SexAtBirth | "";
  mrn: string;
  phone: string;
  email: string;
  /** "" or "1".."6" (select values). */
  fitzpatrick: string;
  fitzpatrick_assessed_on: string;
  indications: string[];
  notes: string;
}

export function newPatientDraft(id: string): PatientDraft {
  return {
    id, given_name: "", family_name: "", date_of_birth: "", sex_at_birth: "", mrn: "",
    phone: "", email: "", fitzpatrick: "", fitzpatrick_assessed_on: "", indications: [], notes: "",
  };
}

export function draftFromPatient(p: Patient): PatientDraft {
  return {
    id: p.id, given_name: p.given_name, family_name: p.family_name,
    date_of_birth: p.date_of_birth, sex_at_birth: p.sex_at_birth, mrn: p.mrn ?? "",
    phone: p.phone ?? "", email: p.email ?? "",
    fitzpatrick: p.fitzpatrick === null ? "" : String(p.fitzpatrick),
    fitzpatrick_assessed_on: p.fitzpatrick_assessed_on ?? "",
    indications: [...p.indications], notes: p.notes,
  };
}

const orNull = (v: string) => (v.trim() === "" ? null : v);

export function patientDraftToInput(d: PatientDraft): PatientInput {
  return {
    id: d.id,
    given_name: d.given_name,
    family_name: d.family_name,
    date_of_birth: d.date_of_birth,
    sex_at_birth: d.sex_at_birth || null,
    mrn: orNull(d.mrn),
    phone: orNull(d.phone),
    email: orNull(d.email),
    fitzpatrick: d.fitzpatrick === "" ? null : Number(d.fitzpatrick),
    fitzpatrick_assessed_on: orNull(d.fitzpatrick_assessed_on),
    indications: [...d.indications],
    notes: d.notes,
  };
}
