// The in-memory backend's copy of the core's input rules (src-tauri/core/src/*/validate.rs):
// same field paths, same sentences, so component tests see what the real app shows.
// The Rust core stays the source of truth; this mirrors its main rules only.
import type { FieldError } from "../../bindings/FieldError";
import type { PatientInput } from "../../bindings/PatientInput";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { SessionInput } from "../../bindings/SessionInput";

const NAME_MAX = 100;
const SHORT_MAX = 100;
const CODE_MAX = 40;
const NOTE_MAX = 10_000;
const HOUR = 3_600_000;
// Control characters and bidi overrides; notes may hold newlines and tabs.
const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
const NOTE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export class Check {
  errors: FieldError[] = [];
  fail(field: string, message: string) {
    this.errors.push({ field, message });
  }
  line(field: string, label: string, value: string | null, max: number, required: boolean) {
    const v = (value ?? "").trim().normalize("NFC");
    if (!v) {
      if (required) this.fail(field, `${label} is required.`);
      return;
    }
    if ([...v].length > max) this.fail(field, `${label} can be at most ${max} characters.`);
    if (LINE_CONTROL.test(v)) this.fail(field, `${label} contains an invisible control character.`);
  }
  note(field: string, value: string) {
    if ([...value].length > NOTE_MAX) this.fail(field, `Notes can be at most ${NOTE_MAX} characters.`);
    if (NOTE_CONTROL.test(value)) this.fail(field, "Notes contain an invisible control character.");
  }
  /** A required or optional `YYYY-MM-DD`; returns it when valid. */
  date(field: string, label: string, value: string | null, latest: string | null, required: boolean) {
    const v = (value ?? "").trim();
    if (!v && !required) return null;
    if (!isRealDate(v)) {
      this.fail(field, `${label} must be a real date (YYYY-MM-DD).`);
      return null;
    }
    if (v < "1900-01-01") {
      this.fail(field, `${label} cannot be before 1900.`);
      return null;
    }
    if (latest && v > latest) {
      this.fail(field, `${label} cannot be in the future.`);
      return null;
    }
    return v;
  }
  instant(field: string, label: string, value: string): number | null {
    const t = RFC3339.test(value.trim()) ? Date.parse(value.trim()) : NaN;
    if (Number.isNaN(t)) {
      this.fail(field, `${label} must be a date and time.`);
      return null;
    }
    return t;
  }
  range(field: string, label: string, value: number | null, lo: number, hi: number) {
    if (value !== null && (!Number.isInteger(value) || value < lo || value > hi)) {
      this.fail(field, `${label} must be between ${lo} and ${hi}.`);
    }
  }
}

function looksLikeEmail(e: string): boolean {
  const at = e.indexOf("@");
  const domain = e.slice(at + 1);
  return at > 0 && domain.includes(".") && !domain.startsWith(".") && !domain.endsWith(".")
    && !/\s/.test(e);
}

export function isRealDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/** The depth rule: > 0, at most 3.5 mm, at most two decimals. */
export function depthProblem(mm: number): string | null {
  if (!Number.isFinite(mm) || mm <= 0) return "Needle depth must be more than 0 mm.";
  const hundredths = mm * 100;
  if (Math.abs(hundredths - Math.round(hundredths)) > 1e-6) {
    return "Needle depth can have at most two decimals (e.g. 0.25 mm).";
  }
  if (Math.round(hundredths) * 10 > 3500) return "Needle depth can be at most 3.5 mm.";
  return null;
}

export function validatePatient(input: PatientInput, ref: ReferenceData, today: string): FieldError[] {
  const c = new Check();
  c.line("given_name", "Given name", input.given_name, NAME_MAX, true);
  c.line("family_name", "Family name", input.family_name, NAME_MAX, true);
  const dob = c.date("date_of_birth", "Date of birth", input.date_of_birth, today, true);
  if (!input.sex_at_birth) {
    c.fail("sex_at_birth", "Sex at birth is required (choose “not recorded” if unknown).");
  }
  c.line("mrn", "Record number", input.mrn, CODE_MAX, false);
  const phone = (input.phone ?? "").trim();
  c.line("phone", "Phone", phone, 40, false);
  if (phone && (!/^[0-9 +\-()./]+$/.test(phone) || phone.replace(/\D/g, "").length < 3)) {
    c.fail("phone", "Phone may contain digits, spaces and + - ( ) . / only.");
  }
  const email = (input.email ?? "").trim();
  c.line("email", "Email", email, SHORT_MAX, false);
  if (email && !looksLikeEmail(email)) {
    c.fail("email", "Email must look like name@example.com.");
  }
  c.range("fitzpatrick", "Fitzpatrick type", input.fitzpatrick, 1, 6);
  const assessed = c.date(
    "fitzpatrick_assessed_on", "Assessment date", input.fitzpatrick_assessed_on, today, false,
  );
  if (assessed && dob && assessed < dob) {
    c.fail("fitzpatrick_assessed_on", "Assessment date cannot be before the date of birth.");
  }
  if (assessed && input.fitzpatrick === null) {
    c.fail("fitzpatrick", "Choose the skin type that was assessed.");
  }
  if (input.indications.some((code) => !ref.indications.some((i) => i.code === code))) {
    c.fail("indications", "Choose indications from the list.");
  }
  c.note("notes", input.notes);
  return c.errors;
}

export function validateSession(input: SessionInput, ref: ReferenceData, now: Date): FieldError[] {
  const c = new Check();
  const start = c.instant("started_at", "Start", input.started_at);
  if (start !== null && start > now.getTime() + HOUR) {
    c.fail("started_at", "Start cannot be in the future.");
  }
  const end = input.ended_at?.trim() ? c.instant("ended_at", "End", input.ended_at) : null;
  if (start !== null && end !== null) {
    if (end <= start) c.fail("ended_at", "End must be after the start.");
    else if (end - start > 12 * HOUR) c.fail("ended_at", "A session cannot last more than 12 hours.");
  }
  c.line("clinician_name", "Clinician", input.clinician_name, NAME_MAX, true);
  if (input.indications.some((code) => !ref.indications.some((i) => i.code === code))) {
    c.fail("indications", "Choose indications from the list.");
  }
  c.line("numbing_product", "Numbing cream", input.numbing_product, SHORT_MAX, false);
  c.range("numbing_minutes", "Numbing time", input.numbing_minutes, 0, 180);
  c.line("skin_prep", "Skin preparation", input.skin_prep, SHORT_MAX, false);
  c.range("pain_score", "Pain score", input.pain_score, 0, 10);
  c.note("notes", input.notes);
  const next = c.date("next_session_on", "Next session", input.next_session_on, null, false);
  if (next && start !== null && next <= new Date(start).toISOString().slice(0, 10)) {
    c.fail("next_session_on", "Next session must be after this session's date.");
  }

  if (input.areas.length === 0) c.fail("areas", "Add at least one treated area.");
  input.areas.forEach((a, i) => {
    const f = (name: string) => `areas[${i}].${name}`;
    if (!a.area_id) c.fail(f("area_id"), "Choose the area treated.");
    else if (!ref.areas.some((r) => r.id === a.area_id)) c.fail(f("area_id"), "Choose an area from the list.");
    if (!a.device_kind) c.fail(f("device_kind"), "Choose the device used.");
    if (a.device_model_id) {
      const model = ref.device_models.find((d) => d.id === a.device_model_id);
      if (!model) c.fail(f("device_model_id"), "Choose a device model from the list.");
      else if (a.device_kind && a.device_kind !== model.kind) {
        c.fail(f("device_model_id"), "This model is a different kind of device from the one chosen.");
      }
    }
    c.line(f("device_model"), "Device model", a.device_model, SHORT_MAX, false);
    if (a.needle_depth_mm === null) c.fail(f("needle_depth_mm"), "Needle depth is required.");
    else {
      const problem = depthProblem(a.needle_depth_mm);
      if (problem) c.fail(f("needle_depth_mm"), problem);
    }
    if (a.passes === null) c.fail(f("passes"), "Number of passes is required.");
    else c.range(f("passes"), "Passes", a.passes, 1, 12);
    c.range(f("speed_level"), "Speed level", a.speed_level, 1, 20);
    c.range(f("needle_count"), "Needle count", a.needle_count, 1, 1000);
    c.line(f("cartridge_lot"), "Cartridge lot", a.cartridge_lot, CODE_MAX, false);
    c.line(f("endpoint"), "Endpoint", a.endpoint, SHORT_MAX, false);
    c.note(f("notes"), a.notes);
  });
  const treated = input.areas.map((a) => a.area_id).filter((id): id is string => !!id);
  const onTreated = (field: string, areaId: string | null) => {
    if (areaId && !treated.includes(areaId)) {
      c.fail(field, "Choose one of the areas treated in this session.");
    }
  };
  input.products.forEach((p, i) => {
    const f = (name: string) => `products[${i}].${name}`;
    c.line(f("name"), "Product name", p.name, SHORT_MAX, true);
    if (p.product_id !== null && !ref.products.some((x) => x.id === p.product_id)) {
      c.fail(f("name"), "This product is not in the clinic's catalogue.");
    }
    if (!p.role) c.fail(f("role"), "Choose what the product was used for.");
    c.line(f("lot"), "Lot", p.lot, CODE_MAX, false);
    c.date(f("expiry_on"), "Expiry", p.expiry_on, null, false);
    c.line(f("amount"), "Amount", p.amount, CODE_MAX, false);
    onTreated(f("area_id"), p.area_id);
  });
  input.reactions.forEach((r, i) => {
    const f = (name: string) => `reactions[${i}].${name}`;
    const kind = r.reaction_type_id ? ref.reaction_types.find((t) => t.id === r.reaction_type_id) : undefined;
    if (!r.reaction_type_id) c.fail(f("reaction_type_id"), "Choose the reaction.");
    else if (!kind) c.fail(f("reaction_type_id"), "Choose a reaction from the list.");
    const scaleId = r.scale_id ?? kind?.default_scale_id ?? null;
    const scale = scaleId ? ref.reaction_scales.find((s) => s.id === scaleId) : undefined;
    if (scaleId && !scale) c.fail(f("scale_id"), "Choose a grading scale from the list.");
    if (r.grade === null) c.fail(f("grade"), "Grade is required.");
    else if (scale && (r.grade < scale.min_grade || r.grade > scale.max_grade)) {
      c.fail(f("grade"), `On the ${scale.name} scale the grade is ${scale.min_grade} to ${scale.max_grade}.`);
    }
    if (!r.time_point) c.fail(f("time_point"), "Choose when the reaction was seen.");
    onTreated(f("area_id"), r.area_id);
    c.note(f("note"), r.note);
  });
  return c.errors;
}
