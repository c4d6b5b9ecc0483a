import { describe, expect, it } from "vitest";
import { GRADE_COLOURS } from "../charts";
import { areaChartConfig, areaSeries, gradeColour } from "./area-series";
import { applied, AREA, PEN, reacted, seedWords, session, treated, TYPE } from "./fixtures";
import { groupReactions, reactionGroupLine } from "./reactions";

describe("area series", () => {
  const first = session("2026-01-05T09:00:00.000Z", {
    areas: [treated(AREA.cheekLeft, 1, { device_model_id: PEN }), treated(AREA.forehead, 0.5)],
    products: [applied("Hyaluronic acid serum"), applied("Glide", { role: "glide" })],
    // Unplaced: counts for both areas.
    reactions: [reacted(TYPE.erythema, 2)],
  });
  const second = session("2026-02-05T09:00:00.000Z", {
    areas: [treated(AREA.cheekLeft, 1.25), treated(AREA.cheekLeft, 1.5, { device_kind: "derma_roller" })],
    products: [applied("PRP", { area_id: AREA.cheekLeft }), applied("Vitamin C serum", { area_id: AREA.forehead })],
    reactions: [reacted(TYPE.edema, 3, { area_id: AREA.forehead }), reacted(TYPE.erythema, 1, { area_id: AREA.cheekLeft })],
  });
  const third = session("2025-12-01T09:00:00.000Z", { areas: [treated(AREA.chin, 1)] });
  const series = areaSeries([second, third, first], seedWords);

  it("lists each treated area once, most recently treated first, its visits oldest first", () => {
    expect(series.map((s) => s.areaId)).toEqual([AREA.cheekLeft, AREA.forehead, AREA.chin]);
    expect(series[0].visits.map((v) => v.sessionId)).toEqual([first.id, second.id]);
  });

  it("takes the deepest setting and every device of an area treated twice in a session", () => {
    const [, v] = series[0].visits;
    expect(v.depthMm).toBe(1.5);
    expect(v.device).toBe("Derma pen, Derma roller");
    expect(series[0].visits[0].device).toBe("Derma pen (Generic Motorised pen, 0.25 mm steps)");
  });

  it("counts serums for the whole session or for that area only", () => {
    expect(series[0].visits.map((v) => v.serum)).toEqual(["Hyaluronic acid serum", "PRP"]);
    expect(series[1].visits.map((v) => v.serum)).toEqual(["Hyaluronic acid serum"]);
  });

  it("takes the highest reaction on the area or on the whole session", () => {
    expect(series[0].visits.map((v) => v.highest?.grade ?? null)).toEqual([2, 1]);
    expect(series[1].visits[0].highest?.reaction_type_id).toBe(TYPE.erythema);
    expect(series[2].visits[0].highest).toBeNull();
  });

  it("charts depth as a line and grades as coloured points on their own axis", () => {
    const config = areaChartConfig(series[0]);
    expect(config.data.labels).toEqual(["5 Jan 2026", "5 Feb 2026"]);
    const [depth, grade] = config.data.datasets;
    expect(depth.data).toEqual([1, 1.5]);
    expect(grade.data).toEqual([2, 1]);
    expect(grade.pointBackgroundColor).toEqual([GRADE_COLOURS[2], GRADE_COLOURS[1]]);
    expect(gradeColour(9)).toBe(GRADE_COLOURS[4]);
    expect(gradeColour(null)).toBe("#ffffff");
  });
});

describe("reaction groups", () => {
  it("says each type once, its readings by time point, in the clinic's order", () => {
    const groups = groupReactions([
      reacted(TYPE.edema, 1, { time_point: "h24" }),
      reacted(TYPE.erythema, 1, { time_point: "h24", area_id: AREA.chin }),
      reacted(TYPE.erythema, 2),
    ], seedWords);
    expect(groups.map((g) => reactionGroupLine(g, seedWords))).toEqual([
      "Erythema / redness: 2 – mild (immediate), 1 – almost clear (24 h, Chin)",
      "Edema / swelling: 1 – very slight (24 h)",
    ]);
    expect(groups[0].highest.grade).toBe(2);
  });
});
