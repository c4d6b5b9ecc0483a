// The in-memory backend's import files and columns: the fields a patients file and a sessions
// file (one row per treated area) can fill, with the header names recognised for each, and a
// built-in sample of each kind that the "file dialog" answers with. The samples exercise the
// import page: a header no field recognises ("Surname"), dates that need a date order, a
// skin type out of range (a warning), a semicolon-separated Windows-1252 file.
import type { ColumnInfo } from "../../bindings/ColumnInfo";
import type { Delimiter } from "../../bindings/Delimiter";
import type { Encoding } from "../../bindings/Encoding";
import type { FileKind } from "../../bindings/FileKind";

/** A file as it is on disk: its detected encoding and delimiter, its header row and data rows. */
export interface SampleFile {
  name: string;
  encoding: Exclude<Encoding, "auto">;
  delimiter: Exclude<Delimiter, "auto">;
  headers: string[];
  rows: string[][];
}

const col = (field: string, required: boolean, aliases: string[], about: string): ColumnInfo => ({
  field, required, aliases, about,
});

/** What each kind of file can fill. */
export const IMPORT_COLUMNS: Record<FileKind, ColumnInfo[]> = {
  patients: [
    col("mrn", false, ["patient id", "record number", "id"],
      "The clinic's own patient number; sessions refer to patients by it. Must be unique."),
    col("given_name", true, ["first name", "first_name", "forename", "given name"], "Given (first) name."),
    col("family_name", true, ["last name", "last_name", "family name"], "Family (last) name."),
    col("date_of_birth", true, ["dob", "birth date", "date of birth", "birthdate"],
      "Date of birth: 2024-04-03, or 03/04/2024 with the date order set under Options."),
    col("sex_at_birth", false, ["sex", "gender"], "F, M, X (intersex) or unknown (empty: unknown)."),
    col("phone", false, ["telephone", "mobile", "phone number"], "Phone number, as written."),
    col("email", false, ["e-mail", "email address"], "Email address."),
    col("fitzpatrick", false, ["fitzpatrick type", "skin type"], "Fitzpatrick skin type, 1 to 6."),
    col("notes", false, ["comments", "remarks"], "Free text kept with the patient."),
  ],
  sessions: [
    col("patient_mrn", true, ["patient id", "mrn", "record number"],
      "The patient's number, as in the patients file or already in Dermalog."),
    col("date", true, ["session date", "treatment date", "visit date"],
      "The day of the session; rows of one patient on one day form one session."),
    col("time", false, ["start time"], "Start time (HH:MM) in the clinic's time zone; empty: 09:00."),
    col("clinician_name", true, ["clinician", "practitioner", "treated by"], "Who treated the patient."),
    col("area", true, ["treated area", "zone", "body area"], "The area treated, by its name in Settings."),
    col("needle_depth_mm", true, ["depth", "depth (mm)", "needle depth"], "Needle depth in millimetres, e.g. 1.25."),
    col("device", false, ["pen"], "The device model."),
    col("product", false, ["serum", "product applied"], "A product applied to this area."),
    col("product_lot", false, ["lot", "batch"], "The product's lot number."),
    col("reaction", false, ["side effect"], "A reaction seen, by its name in Settings."),
    col("notes", false, ["comments", "remarks"], "Free text kept with the session."),
  ],
};

/** The samples the file dialog picks in browser dev and tests. */
export const SAMPLE_FILES: Record<FileKind, SampleFile> = {
  patients: {
    name: "patients-export-2024.csv",
    encoding: "utf8",
    delimiter: "comma",
    headers: ["Patient ID", "First name", "Surname", "DOB", "Sex", "Phone", "Email", "Skin type", "Comments"],
    rows: [
      ["P-1001", "Maria", "Lopes", "1984-03-12", "F", "+351 912 000 101", "maria.lopes@example.org", "3", ""],
      ["P-1002", "João", "Ferreira", "1990-11-02", "M", "+351 912 000 102", "", "4", "Prefers mornings"],
      ["P-1003", "Inês", "Costa", "02/05/1979", "F", "", "ines.costa@example.org", "2", ""],
      ["P-1004", "Sofia", "Almeida", "1995-07-21", "F", "+351 912 000 104", "", "7", ""],
      ["P-1005", "Rui", "Santos", "1972-01-30", "M", "", "", "3", "Keloid history"],
      ["P-1006", "Ana", "Marques", "1988-09-09", "F", "+351 912 000 106", "ana.m@example.org", "", ""],
    ],
  },
  sessions: {
    name: "treatments-2019-2024.csv",
    encoding: "windows1252",
    delimiter: "semicolon",
    headers: ["Patient ID", "Date", "Clinician", "Treated area", "Depth (mm)", "Device", "Serum", "Lot", "Reaction",
      "Notes"],
    rows: [
      ["P-1001", "14/03/2021", "Dr. Silva", "Cheeks", "1.0", "Dermapen 4", "Hyaluronic serum", "HA-2021-03", "Erythema", ""],
      ["P-1001", "14/03/2021", "Dr. Silva", "Forehead", "0.5", "Dermapen 4", "Hyaluronic serum", "HA-2021-03", "", ""],
      ["P-1001", "18/04/2021", "Dr. Silva", "Cheeks", "1.25", "Dermapen 4", "", "", "", ""],
      ["P-1002", "20/05/2021", "Dr. Conceição", "Jawline", "1.5", "Dermapen 4", "", "", "Pinpoint bleeding", "Mild"],
      ["P-1003", "03/06/2022", "Dr. Silva", "Cheeks", "0.75", "SkinPen", "Growth factor", "GF-77", "", ""],
      ["P-1003", "03/06/2022", "Dr. Silva", "Nose", "0.5", "SkinPen", "Growth factor", "GF-77", "", ""],
      ["P-1005", "25/09/2022", "Dr. Conceição", "Neck", "0.5", "Dermapen 4", "", "", "", ""],
      ["P-1005", "25/09/2022", "Dr. Conceição", "Décolletage", "0.5", "Dermapen 4", "", "", "Erythema", ""],
    ],
  },
};

/** The header names a field answers to (its own name and aliases), normalised. */
export function namesOf(c: ColumnInfo): string[] {
  return [c.field, ...c.aliases].map(normalHeader);
}

export const normalHeader = (h: string) => h.trim().normalize("NFC").toLowerCase();
