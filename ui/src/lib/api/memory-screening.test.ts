// The memory backend's port of the core's screening (screening/evaluate/tests.rs): timing on
// both sides of each boundary, month ends and leap days, areas, indications, overrides, and
// the history entry checks of medical/store.rs.
import { describe, expect, it } from "vitest";
import { v7 as uuidv7 } from "uuid";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import type { HistoryEntryInput } from "../../bindings/HistoryEntryInput";
import type { HistoryKind } from "../../bindings/HistoryKind";
import type { Rule } from "../../bindings/Rule";
import type { SessionInput } from "../../bindings/SessionInput";
import type { Timing } from "../../bindings/Timing";
import type { WindowUnit } from "../../bindings/WindowUnit";
import { entryToInput } from "../history";
import { patientInput } from "../../testing";
import { createMemoryBackend } from "./memory";
import { countsOn, windowStart } from "./memory-screening";
import { seedId } from "./memory-seed";

const FOREHEAD = seedId(1, 1);
const PERIORAL = seedId(1, 6);
const FULL_FACE = seedId(1, 9);
const NECK = seedId(1, 10);
const term = (n: number) => seedId(8, n);
const [PREGNANT, COLD_SORE, KELOID, ISOTRETINOIN, LASER] = [term(60), term(4), term(6), term(20), term(50)];

function rule(reads: HistoryKind, timing: Timing, window: [number, WindowUnit] | null = null): Rule {
  return {
    id: "r", code: "r", description: "r", reads, terms: ["t"], timing, window_count: window?.[0] ?? null,
    window_unit: window?.[1] ?? null, in_area: false, indications: [], severity: "warn", advice: "", source: "",
    version: 1, active: true,
  };
}

function entry(kind: HistoryKind, started_on: string | null, ended_on: string | null): HistoryEntry {
  return {
    id: "e", patient_id: "p", term_id: "t", term_code: "t", kind, area_id: null, started_on, ended_on, note: "",
    archived: false, updated_at: "2026-01-01T00:00:00Z",
  };
}

describe("screening seeds", () => {
  it("seeds terms, rules, products and area inclusions like migration 0003", async () => {
    const ref = await createMemoryBackend().getReferenceData();
    expect(ref.history_terms).toHaveLength(32);
    expect(ref.history_terms.find((t) => t.code === "isotretinoin")).toMatchObject({ id: ISOTRETINOIN, kind: "medication" });
    expect(ref.rules.map((r) => r.code).slice(0, 5))
      .toEqual(["infection_in_area", "acne_in_area", "cold_sore_in_area", "keloid_scar_treatment", "pregnancy"]);
    expect(ref.rules).toHaveLength(24);
    expect(ref.rules.find((r) => r.code === "filler_recent")).toMatchObject({
      id: seedId(9, 22), timing: "within", window_count: 6, window_unit: "months", in_area: true, severity: "warn",
      version: 1, active: true, source: "Dermalog domain reference v1",
    });
    expect(ref.products.find((p) => p.name === "Exosome serum")).toMatchObject({
      id: "00000000-0000-7000-800a-000000000008", kind: "serum", intradermal: "no",
    });
    expect(ref.areas.find((a) => a.id === FULL_FACE)?.includes).toContain("perioral");
    expect(ref.areas.find((a) => a.id === NECK)?.includes).toEqual([]);
  });
});

describe("screening timing", () => {
  it("drops a medication stopped exactly six months before, and keeps one stopped a day later", () => {
    const r = rule("medication", "within", [6, "months"]);
    const stopped = (d: string) => entry("medication", "2025-01-01", d);
    expect(countsOn(r, stopped("2026-03-30"), "2026-09-30")).toBe(false);
    expect(countsOn(r, stopped("2026-03-31"), "2026-09-30")).toBe(true);
  });

  it("clamps months back from a month end to the shorter month, leap years included", () => {
    expect(windowStart("2026-08-31", 6, "months")).toBe("2026-02-28");
    expect(windowStart("2028-08-31", 6, "months")).toBe("2028-02-29");
    expect(windowStart("2026-03-15", 14, "months")).toBe("2025-01-15");
    const r = rule("medication", "within", [6, "months"]);
    const stopped = (d: string) => entry("medication", null, d);
    expect(countsOn(r, stopped("2026-02-28"), "2026-08-31")).toBe(false);
    expect(countsOn(r, stopped("2026-03-01"), "2026-08-31")).toBe(true);
    expect(countsOn(r, stopped("2028-02-29"), "2028-08-31")).toBe(false);
    expect(countsOn(r, stopped("2028-03-01"), "2028-08-31")).toBe(true);
  });

  it("counts day and week windows across a leap day, a treatment ending on its own day", () => {
    expect(windowStart("2028-03-15", 30, "days")).toBe("2028-02-14");
    const peel = rule("treatment", "within", [30, "days"]);
    expect(countsOn(peel, entry("treatment", "2028-02-14", null), "2028-03-15")).toBe(false);
    expect(countsOn(peel, entry("treatment", "2028-02-15", null), "2028-03-15")).toBe(true);
    const laser = rule("treatment", "within", [2, "weeks"]);
    expect(countsOn(laser, entry("treatment", "2026-11-06", null), "2026-11-20")).toBe(false);
    expect(countsOn(laser, entry("treatment", "2026-11-07", null), "2026-11-20")).toBe(true);
    expect(countsOn(laser, entry("treatment", "2026-11-20", null), "2026-11-20")).toBe(true);
    expect(countsOn(laser, entry("treatment", "2026-11-21", null), "2026-11-20"), "booked after").toBe(false);
  });

  it("means ongoing on the session day by current, and any time before it by ever", () => {
    const current = rule("condition", "current");
    const c = (s: string | null, e: string | null) => entry("condition", s, e);
    expect(countsOn(current, c("2026-11-01", "2026-11-20"), "2026-11-20")).toBe(true);
    expect(countsOn(current, c("2026-11-01", "2026-11-19"), "2026-11-20")).toBe(false);
    expect(countsOn(current, c(null, null), "2026-11-20")).toBe(true);
    expect(countsOn(current, c("2026-11-21", null), "2026-11-20")).toBe(false);
    const ever = rule("condition", "ever");
    expect(countsOn(ever, c("2001-01-01", "2001-02-01"), "2026-11-20")).toBe(true);
    expect(countsOn(ever, c("2026-11-21", null), "2026-11-20")).toBe(false);
    expect(countsOn(ever, { ...c(null, null), term_code: "other" }, "2026-11-20"), "another term").toBe(false);
    expect(countsOn(ever, entry("medication", null, null), "2026-11-20"), "another kind").toBe(false);
  });
});

describe("screening in the memory backend", () => {
  const NOW = new Date("2026-11-20T12:00:00Z");

  async function setup() {
    const b = createMemoryBackend({ now: () => NOW });
    const p = await b.savePatient(patientInput({ indications: [] }));
    const add = (fields: Partial<HistoryEntryInput>) => b.saveHistoryEntry({
      id: uuidv7(), patient_id: p.id, term_id: null, area_id: null, started_on: null, ended_on: null, note: "",
      archived: false, ...fields,
    });
    const session = (fields: Partial<SessionInput> = {}): SessionInput => ({
      id: uuidv7(), patient_id: p.id, started_at: "2026-11-20T09:00:00+01:00", ended_at: null,
      clinician_name: "Dr. Navarro", indications: [], numbing_product: null, numbing_minutes: null, skin_prep: null,
      pain_score: null, notes: "", aftercare_given: false, next_session_on: null, products: [], reactions: [],
      overrides: [], course_id: null,
      areas: [{ id: null, area_id: FOREHEAD, device_kind: "derma_pen", device_model_id: null, device_model: null,
        needle_depth_mm: 0.5, passes: 2, speed_level: null, pattern: null, needle_count: null, cartridge_lot: null,
        endpoint: null, notes: "" }],
      ...fields,
    });
    const screening = async (input: SessionInput) =>
      (await b.checkSession(input)).filter((f) => f.code === "contraindication");
    return { b, p, add, session, screening };
  }

  it("blocks a pregnancy until a reason of ten characters is given, and stores the decision", async () => {
    const { b, p, add, session, screening } = await setup();
    await add({ term_id: PREGNANT, started_on: "2026-08-03" });
    const input = session();
    const [f] = await screening(input);
    expect(f).toMatchObject({ field: "screening.pregnancy", level: "block", rule: "pregnancy", overridden: false });
    expect(f.message).toBe(
      "Pregnancy: Pregnant since 3 Aug 2026. Postpone until after pregnancy. To go ahead, write an override reason.");
    const refused = await b.saveSession(input).catch((e) => e);
    expect(refused.fields).toEqual([{ field: "screening.pregnancy", message: f.message }]);

    const short = { ...input, overrides: [{ rule_code: "pregnancy", reason: "  too short " }] };
    expect((await screening(short))[0].message).toMatch(/too short: say why \(at least 10 characters\)\.$/);
    const reason = "Patient's obstetrician agreed in writing.";
    const ok = { ...input, overrides: [{ rule_code: "pregnancy", reason }] };
    expect((await screening(ok))[0]).toMatchObject({ overridden: true, message: expect.not.stringContaining("override") });
    const saved = await b.saveSession(ok);
    expect(saved.screening).toHaveLength(24);
    expect(saved.screening[0]).toMatchObject({
      rule_code: "pregnancy", flagged: true, severity: "block", override_reason: reason, decided_by: "Dr. Navarro",
    });
    expect(saved.screening[1]).toMatchObject({ flagged: false, override_reason: null, decided_by: null });
    const [listed] = await b.listPatientSessions(p.id);
    expect(listed.screening.map((r) => r.rule_code)).toEqual(["pregnancy"]);
    expect((await b.getSession(saved.id)).screening).toHaveLength(24);
  });

  it("counts an area entry only where a treated area overlaps it, full face including the lips", async () => {
    const { add, session, screening } = await setup();
    await add({ term_id: COLD_SORE, started_on: "2026-11-18", area_id: PERIORAL });
    const on = (area_id: string) => session({ areas: [{ ...session().areas[0], area_id }] });
    expect(await screening(on(NECK))).toEqual([expect.objectContaining({ rule: "hsv_history", level: "warn" })]);
    expect((await screening(on(FULL_FACE))).map((f) => f.rule)).toEqual(["cold_sore_in_area", "hsv_history"]);
    expect((await screening(on(PERIORAL)))[0].message)
      .toContain("Cold sore (HSV), active (Upper lip / perioral) since 18 Nov 2026.");
  });

  it("applies a rule with indications only to sessions treating one, and ignores entries made in error", async () => {
    const { b, add, session, screening } = await setup();
    const keloid = await add({ term_id: KELOID });
    expect(await screening(session({ indications: ["fine_lines"] }))).toEqual([]);
    expect((await screening(session({ indications: ["acne_scars"] }))).map((f) => f.rule))
      .toEqual(["keloid_scar_treatment"]);
    await b.saveHistoryEntry(entryToInput(keloid, { archived: true }));
    expect(await screening(session({ indications: ["acne_scars"] }))).toEqual([]);
  });

  it("reads a medication within its window and a treatment on its day", async () => {
    const { add, session, screening } = await setup();
    await add({ term_id: ISOTRETINOIN, started_on: "2025-01-01", ended_on: "2026-05-21" });
    await add({ term_id: LASER, started_on: "2026-11-06", area_id: FOREHEAD });
    expect((await screening(session())).map((f) => f.rule)).toEqual(["isotretinoin_recent"]);
    expect((await screening(session({ started_at: "2026-11-19T09:00:00+01:00" }))).map((f) => f.rule))
      .toEqual(["isotretinoin_recent", "laser_ipl_recent"]);
  });

  it("checks history entries like the core", async () => {
    const { b, p, add } = await setup();
    const fields = async (input: Partial<HistoryEntryInput>) =>
      ((await add(input).catch((e) => e)) as { fields: { field: string; message: string }[] }).fields;
    expect(await fields({ started_on: "2026-11-21" })).toEqual([
      { field: "started_on", message: "Start date cannot be in the future." },
      { field: "term_id", message: "Choose what this entry is." },
    ]);
    expect(await fields({ term_id: ISOTRETINOIN, started_on: "2026-05-02", ended_on: "2026-05-01" }))
      .toEqual([{ field: "ended_on", message: "The end date cannot be before the start date." }]);
    expect(await fields({ term_id: LASER })).toEqual([{ field: "started_on", message: "Enter the date (an estimate is fine)." }]);
    const other = await b.savePatient(patientInput({ given_name: "Other" }));
    const mine = await add({ term_id: ISOTRETINOIN });
    expect(await b.saveHistoryEntry(entryToInput(mine, { patient_id: other.id })).catch((e) => e.code)).toBe("Conflict");
    expect(await b.getPatientHistory(uuidv7()).catch((e) => e.code)).toBe("NotFound");
    await b.archivePatient(p.id);
    expect(await fields({ term_id: ISOTRETINOIN })).toEqual([
      { field: "patient_id", message: "This patient is archived. Restore the patient before changing the history." },
    ]);
    expect((await b.getPatientHistory(p.id)).fitzpatrick).toEqual([
      expect.objectContaining({ fitzpatrick: 3, assessed_on: null }),
    ]);
  });
});
