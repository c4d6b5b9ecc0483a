// Two sessions side by side: the visit, each area (matched by area), each product (matched by
// name, ignoring case) and each reaction type, as rows of display text with what changed
// marked. An area or product in only one session gets one row that says so on the other side,
// rather than a column of blanks. The date identifies the columns, so it is never "changed".
import type { Course } from "../../bindings/Course";
import type { ProductApplied } from "../../bindings/ProductApplied";
import type { Session } from "../../bindings/Session";
import type { TreatedArea } from "../../bindings/TreatedArea";
import { sessionInCourse } from "../courses";
import { deviceLabel, formatDepth, patternLabel, plural, roleLabel } from "../labels";
import { formatDateTime } from "../time";
import { groupReactions, reactionGroupPeak } from "./reactions";
import type { Words } from "./words";

export interface CompareRow {
  label: string;
  a: string;
  b: string;
  changed: boolean;
}

export interface CompareSection {
  key: string;
  heading: string;
  rows: CompareRow[];
}

export const NOT_TREATED = "not treated";
export const NOT_USED = "not used";
export const NONE = "none";
const EMPTY = "—";

const or = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? EMPTY : String(v));
const row = (label: string, a: string, b: string, compared = true): CompareRow => ({
  label, a, b, changed: compared && a !== b,
});

function visit(s: Session, courses: Course[]) {
  const numbing = s.numbing_product
    ? [s.numbing_product, s.numbing_minutes !== null ? `${s.numbing_minutes} min` : ""].filter(Boolean).join(" · ")
    : EMPTY;
  return {
    date: formatDateTime(s.started_at),
    clinician: s.clinician_name,
    pain: s.pain_score === null ? EMPTY : `${s.pain_score}/10`,
    numbing,
    course: or(sessionInCourse(s, courses)),
    aftercare: s.aftercare_given ? "Yes" : "No",
    notes: or(s.notes),
  };
}

/** Rows keyed by `key`, the n-th of a key paired with the n-th on the other side. */
function pair<T>(a: T[], b: T[], key: (x: T) => string): { key: string; a: T | null; b: T | null }[] {
  const keyed = (list: T[]) => {
    const seen = new Map<string, number>();
    return list.map((x) => {
      const k = key(x);
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      return { k: `${k}#${n}`, x };
    });
  };
  const [ka, kb] = [keyed(a), keyed(b)];
  const order = [...new Set([...ka.map((e) => e.k), ...kb.map((e) => e.k)])];
  return order.map((k) => ({
    key: k, a: ka.find((e) => e.k === k)?.x ?? null, b: kb.find((e) => e.k === k)?.x ?? null,
  }));
}

function device(t: TreatedArea, words: Words): string {
  const model = words.modelName(t);
  return model ? `${deviceLabel(t.device_kind)} (${model})` : deviceLabel(t.device_kind);
}

function areaSummary(t: TreatedArea, words: Words): string {
  return [device(t, words), formatDepth(t.needle_depth_mm), plural(t.passes, "pass", "passes"),
    t.pattern ? patternLabel(t.pattern).toLowerCase() : "", t.speed_level !== null ? `speed ${t.speed_level}` : "",
    t.cartridge_lot ? `cartridge lot ${t.cartridge_lot}` : ""].filter(Boolean).join(" · ");
}

function productSummary(p: ProductApplied): string {
  return [roleLabel(p.role), p.lot ? `lot ${p.lot}` : "", p.amount ?? ""].filter(Boolean).join(" · ");
}

/** `a` and `b` as sections of rows; `a` is the left column (the older session). */
export function compareSessions(a: Session, b: Session, words: Words, courses: Course[] = []): CompareSection[] {
  const [va, vb] = [visit(a, courses), visit(b, courses)];
  const sections: CompareSection[] = [{
    key: "visit", heading: "Visit", rows: [
      row("Date", va.date, vb.date, false),
      row("Clinician", va.clinician, vb.clinician),
      row("Pain", va.pain, vb.pain),
      row("Numbing", va.numbing, vb.numbing),
      row("Course", va.course, vb.course),
      row("Aftercare given", va.aftercare, vb.aftercare),
      row("Notes", va.notes, vb.notes),
    ],
  }];

  for (const p of pair(a.areas, b.areas, (t) => t.area_id)) {
    const heading = words.areaName((p.a ?? p.b)!.area_id);
    if (!p.a || !p.b) {
      const [ta, tb] = [p.a ? areaSummary(p.a, words) : NOT_TREATED, p.b ? areaSummary(p.b, words) : NOT_TREATED];
      sections.push({ key: `area:${p.key}`, heading, rows: [row("Treated", ta, tb)] });
      continue;
    }
    const [x, y] = [p.a, p.b];
    sections.push({
      key: `area:${p.key}`, heading, rows: [
        row("Device", device(x, words), device(y, words)),
        row("Depth", formatDepth(x.needle_depth_mm), formatDepth(y.needle_depth_mm)),
        row("Passes", String(x.passes), String(y.passes)),
        row("Pattern", or(patternLabel(x.pattern)), or(patternLabel(y.pattern))),
        row("Speed", or(x.speed_level), or(y.speed_level)),
        row("Cartridge lot", or(x.cartridge_lot), or(y.cartridge_lot)),
      ],
    });
  }

  for (const p of pair(a.products, b.products, (x) => x.name.trim().toLowerCase())) {
    const heading = (p.a ?? p.b)!.name;
    if (!p.a || !p.b) {
      const [ta, tb] = [p.a ? productSummary(p.a) : NOT_USED, p.b ? productSummary(p.b) : NOT_USED];
      sections.push({ key: `product:${p.key}`, heading, rows: [row("Used", ta, tb)] });
      continue;
    }
    const [x, y] = [p.a, p.b];
    sections.push({
      key: `product:${p.key}`, heading, rows: [
        row("Role", roleLabel(x.role), roleLabel(y.role)),
        row("Lot", or(x.lot), or(y.lot)),
        row("Amount", or(x.amount), or(y.amount)),
      ],
    });
  }

  const [ga, gb] = [groupReactions(a.reactions, words), groupReactions(b.reactions, words)];
  const types = [...new Set([...ga, ...gb].map((g) => g.typeId))]
    .sort((x, y) => words.reactionOrder(x) - words.reactionOrder(y));
  const peak = (groups: typeof ga, typeId: string) => {
    const g = groups.find((x) => x.typeId === typeId);
    return g ? reactionGroupPeak(g, words) : NONE;
  };
  sections.push({
    key: "reactions", heading: "Reactions",
    rows: types.length
      ? types.map((t) => row(words.reactionName(t), peak(ga, t), peak(gb, t)))
      : [row("Any reaction", NONE, NONE)],
  });
  return sections;
}

/** How many cells differ: the page's "n changes" line. */
export function changedCount(sections: CompareSection[]): number {
  return sections.reduce((n, s) => n + s.rows.filter((r) => r.changed).length, 0);
}
