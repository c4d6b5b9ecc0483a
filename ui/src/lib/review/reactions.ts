// A session's reactions grouped by type, so a card or table row says each reaction once with
// its readings over time: "Erythema / redness: 2 – mild (immediate), 1 – almost clear (24 h)".
import type { Reaction } from "../../bindings/Reaction";
import { TIME_POINTS, timePointLabel } from "../labels";
import type { Words } from "./words";

export interface ReactionGroup {
  typeId: string;
  name: string;
  /** The highest-graded reading (the first such, by time). */
  highest: Reaction;
  /** Every reading, by time point. */
  readings: Reaction[];
}

const timeAt = (r: Reaction) => TIME_POINTS.findIndex((t) => t.value === r.time_point);

/** Groups in the clinic's reaction-type order. */
export function groupReactions(reactions: Reaction[], words: Words): ReactionGroup[] {
  const byType = new Map<string, Reaction[]>();
  for (const r of reactions) byType.set(r.reaction_type_id, [...(byType.get(r.reaction_type_id) ?? []), r]);
  return [...byType.entries()]
    .sort(([a], [b]) => words.reactionOrder(a) - words.reactionOrder(b))
    .map(([typeId, list]) => {
      const readings = [...list].sort((a, b) => timeAt(a) - timeAt(b));
      const highest = readings.reduce((m, r) => (r.grade > m.grade ? r : m));
      return { typeId, name: words.reactionName(typeId), highest, readings };
    });
}

/** "Erythema / redness: 2 – mild (immediate), 1 – almost clear (24 h, Cheek, left)". */
export function reactionGroupLine(g: ReactionGroup, words: Words): string {
  const readings = g.readings.map((r) => {
    const when = [timePointLabel(r.time_point).toLowerCase()];
    if (r.area_id) when.push(words.areaName(r.area_id));
    return `${words.gradeText(r)} (${when.join(", ")})`;
  });
  return `${g.name}: ${readings.join(", ")}`;
}

/** The highest grade and each reading: "2 – mild (immediate 2, 24 h 1 on Chin)". */
export function reactionGroupPeak(g: ReactionGroup, words: Words): string {
  const readings = g.readings.map((r) => {
    const where = r.area_id ? ` on ${words.areaName(r.area_id)}` : "";
    return `${timePointLabel(r.time_point).toLowerCase()} ${r.grade}${where}`;
  });
  return `${words.gradeText(g.highest)} (${readings.join(", ")})`;
}
