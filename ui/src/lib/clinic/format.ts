// How the clinic-wide screens write numbers: counts with thousands separators, shares of
// sessions, a report cell's grade breakdown, search totals and export results.
import type { ExportDone } from "../../bindings/ExportDone";
import type { RecallHit } from "../../bindings/RecallHit";
import type { ReportGroup } from "../../bindings/ReportGroup";
import type { ReportReactionType } from "../../bindings/ReportReactionType";
import { GRADE_COLOURS } from "../charts";

const COUNT = new Intl.NumberFormat("en-GB");

/** `1,234`. */
export const formatCount = (n: number) => COUNT.format(n);

/** `1 session`, `1,234 sessions`. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `n` of `total` as a percentage with one decimal: `12.5%` (`0.0%` of nothing). */
export function shareText(n: number, total: number): string {
  return `${(total === 0 ? 0 : (n * 100) / total).toFixed(1)}%`;
}

/** The search total, or the sentence for a total past the backend's cap. */
export function totalText(total: number, more: boolean): string {
  return more
    ? `More than ${formatCount(total)} sessions — add a filter to narrow them`
    : countOf(total, "session");
}

/** The line shown after an export was written. */
export function savedText(done: ExportDone): string {
  return `Saved ${countOf(done.rows, "row")} to ${done.path}`;
}

/** "Lot HA-1: 3 sessions, 2 patients" (a session using the lot twice counts once). */
export function recallSummary(lot: string, hits: RecallHit[]): string {
  const sessions = new Set(hits.map((h) => h.session_id)).size;
  const patients = new Set(hits.map((h) => h.patient_id)).size;
  return `Lot ${lot}: ${countOf(sessions, "session")}, ${countOf(patients, "patient")}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-03` as `Mar 2026`. */
export function monthLabel(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const name = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && name ? `${name} ${m[1]}` : month;
}

/** Sessions of a group whose highest grade of `type` is each grade (0 where none). */
export function gradeCounts(group: ReportGroup, type: ReportReactionType): { grade: number; sessions: number }[] {
  return type.grades.map(({ grade }) => ({
    grade,
    sessions: group.cells.find((c) => c.reaction_type_id === type.id && c.grade === grade)?.sessions ?? 0,
  }));
}

/** Sessions of a group with the reaction at grade 1 or above. */
export function reactedSessions(group: ReportGroup, type: ReportReactionType): number {
  return group.cells
    .filter((c) => c.reaction_type_id === type.id && c.grade >= 1)
    .reduce((n, c) => n + c.sessions, 0);
}

/** A report cell: the share with grade ≥ 1 and the sessions per grade, `12.5% (1: 30, 2: 9)`. */
export function reactionCell(group: ReportGroup, type: ReportReactionType): { share: string; breakdown: string } {
  const parts = gradeCounts(group, type)
    .filter((g) => g.grade >= 1 && g.sessions > 0)
    .map((g) => `${g.grade}: ${formatCount(g.sessions)}`);
  return {
    share: shareText(reactedSessions(group, type), group.sessions),
    breakdown: parts.length ? `(${parts.join(", ")})` : "",
  };
}

/**
 * The colour of a grade on a scale up to `maxGrade`: the grade's own colour on scales of up
 * to four grades, else spread over mild…severe so a pain score of 10 is as dark as "severe".
 */
export function gradeColour(grade: number, maxGrade = 4): string {
  if (grade <= 0) return GRADE_COLOURS[0];
  const last = GRADE_COLOURS.length - 1;
  if (maxGrade <= last) return GRADE_COLOURS[Math.min(grade, last)];
  return GRADE_COLOURS[Math.min(last, 1 + Math.floor(((grade - 1) * last) / maxGrade))];
}
