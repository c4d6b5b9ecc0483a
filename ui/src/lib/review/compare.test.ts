import { describe, expect, it } from "vitest";
import { changedCount, compareSessions, NONE, NOT_TREATED, NOT_USED, type CompareSection } from "./compare";
import { applied, AREA, PEN, reacted, seedWords, session, treated, TYPE } from "./fixtures";

const rowsOf = (sections: CompareSection[], heading: string) => {
  const s = sections.find((x) => x.heading === heading);
  if (!s) throw new Error(`no section ${heading}`);
  return Object.fromEntries(s.rows.map((r) => [r.label, r]));
};

describe("compare two sessions", () => {
  const older = session("2026-03-03T09:00:00.000Z", {
    clinician_name: "Dr. Navarro", pain_score: 4, numbing_product: "EMLA 5 %", numbing_minutes: 30,
    notes: "Tolerated well", aftercare_given: true, course_id: "c1", course_number: 2, course_target: 6,
    areas: [
      treated(AREA.cheekLeft, 1, { device_model_id: PEN, pattern: "crosshatch", speed_level: 4, cartridge_lot: "C-1" }),
      treated(AREA.forehead, 0.5),
    ],
    products: [applied("Hyaluronic acid serum", { lot: "HA-1", amount: "2 ml" }), applied("PRP")],
    reactions: [reacted(TYPE.erythema, 2), reacted(TYPE.erythema, 1, { time_point: "h24" })],
  });
  const newer = session("2026-04-07T09:00:00.000Z", {
    clinician_name: "Dr. Navarro", pain_score: 5, numbing_product: "EMLA 5 %", numbing_minutes: 30,
    notes: "Tolerated well", aftercare_given: true, course_id: "c1", course_number: 3, course_target: 6,
    areas: [
      treated(AREA.cheekLeft, 1.25, { device_model_id: PEN, pattern: "crosshatch", speed_level: 4, cartridge_lot: "C-2" }),
      treated(AREA.chin, 1.5),
    ],
    products: [applied("hyaluronic ACID serum ", { lot: "HA-1", amount: "2 ml" })],
    reactions: [reacted(TYPE.edema, 1, { time_point: "h72" })],
  });
  const sections = compareSessions(older, newer, seedWords, [{ id: "c1", name: "Acne scars, face" } as never]);

  it("marks the visit details that changed, never the date", () => {
    const visit = rowsOf(sections, "Visit");
    expect(visit.Date).toMatchObject({ changed: false });
    expect(visit.Clinician).toMatchObject({ a: "Dr. Navarro", changed: false });
    expect(visit.Pain).toMatchObject({ a: "4/10", b: "5/10", changed: true });
    expect(visit.Numbing).toMatchObject({ a: "EMLA 5 % · 30 min", changed: false });
    expect(visit.Course).toMatchObject({ a: "Session 2 of 6 · Acne scars, face", b: "Session 3 of 6 · Acne scars, face" });
    expect(visit["Aftercare given"]).toMatchObject({ a: "Yes", changed: false });
    expect(visit.Notes).toMatchObject({ changed: false });
  });

  it("matches areas by area and marks each changed setting", () => {
    const cheek = rowsOf(sections, "Cheek, left");
    expect(cheek.Device).toMatchObject({ a: "Derma pen (Generic Motorised pen, 0.25 mm steps)", changed: false });
    expect(cheek.Depth).toMatchObject({ a: "1.00 mm", b: "1.25 mm", changed: true });
    expect(cheek.Passes.changed).toBe(false);
    expect(cheek.Pattern).toMatchObject({ a: "Crosshatch", changed: false });
    expect(cheek["Cartridge lot"]).toMatchObject({ a: "C-1", b: "C-2", changed: true });
  });

  it("says which areas and products only one session had", () => {
    expect(rowsOf(sections, "Forehead").Treated).toMatchObject({ a: "Derma pen · 0.50 mm · 3 passes", b: NOT_TREATED, changed: true });
    expect(rowsOf(sections, "Chin").Treated).toMatchObject({ a: NOT_TREATED, changed: true });
    expect(rowsOf(sections, "PRP").Used).toMatchObject({ a: "serum", b: NOT_USED, changed: true });
  });

  it("matches products by name ignoring case and spaces", () => {
    const ha = rowsOf(sections, "Hyaluronic acid serum");
    expect(ha.Lot).toMatchObject({ a: "HA-1", b: "HA-1", changed: false });
    expect(ha.Amount.changed).toBe(false);
  });

  it("gives each reaction type's highest grade with its readings over time", () => {
    const reactions = rowsOf(sections, "Reactions");
    expect(reactions["Erythema / redness"]).toMatchObject({ a: "2 – mild (immediate 2, 24 h 1)", b: NONE, changed: true });
    expect(reactions["Edema / swelling"]).toMatchObject({ a: NONE, b: "1 – very slight (72 h 1)" });
    expect(sections.map((s) => s.heading)).toEqual(
      ["Visit", "Cheek, left", "Forehead", "Chin", "Hyaluronic acid serum", "PRP", "Reactions"]);
  });

  it("counts the changed cells, and finds none between a session and itself", () => {
    expect(changedCount(sections)).toBe(9);
    expect(changedCount(compareSessions(older, older, seedWords))).toBe(0);
    expect(rowsOf(compareSessions(newer, newer, seedWords), "Reactions")["Edema / swelling"].changed).toBe(false);
  });
});
