// The patient gallery's logic, kept out of the components so it is tested on its own: the
// filters (area, view, phase, removed shown or not), grouping by session (the list arrives
// newest session first and keeps that order), the area choices, and "Baseline vs latest": per
// area photographed in two sessions or more, the earliest photo (a baseline or before photo
// when there is one) and the latest photo of the same view.
import type { Photo } from "../../bindings/Photo";
import type { PhotoPhase } from "../../bindings/PhotoPhase";
import type { PhotoView } from "../../bindings/PhotoView";
import type { SessionStatus } from "../../bindings/SessionStatus";
import { NO_AREA, PHOTO_VIEWS } from "./photo-text";

/** "all", "none" (no area) or an area id. */
export type AreaFilter = string;
export const ALL = "all";
export const NONE = "none";

export interface GalleryFilter {
  area: AreaFilter;
  view: PhotoView | typeof ALL;
  phase: PhotoPhase | typeof ALL;
  showRemoved: boolean;
}

export const noFilter = (): GalleryFilter => ({ area: ALL, view: ALL, phase: ALL, showRemoved: false });

export function filterPhotos(photos: Photo[], f: GalleryFilter): Photo[] {
  return photos.filter((p) =>
    (f.showRemoved || !p.removal)
    && (f.area === ALL || (f.area === NONE ? p.area_id === null : p.area_id === f.area))
    && (f.view === ALL || p.view === f.view)
    && (f.phase === ALL || p.phase === f.phase));
}

export interface SessionGroup {
  sessionId: string;
  /** The session's start (UTC). */
  startedAt: string;
  status: SessionStatus;
  photos: Photo[];
}

/** Consecutive photos of one session as one group, in the list's order. */
export function groupBySession(photos: Photo[]): SessionGroup[] {
  const groups: SessionGroup[] = [];
  const byId = new Map<string, SessionGroup>();
  for (const p of photos) {
    let g = byId.get(p.session_id);
    if (!g) {
      g = { sessionId: p.session_id, startedAt: p.session_started_at, status: p.session_status, photos: [] };
      byId.set(p.session_id, g);
      groups.push(g);
    }
    g.photos.push(p);
  }
  return groups;
}

/** The areas the photos show, by name, then "Whole face / not specific" when some show none. */
export function areaChoices(photos: Photo[]): { value: AreaFilter; label: string }[] {
  const named = new Map<string, string>();
  let unnamed = false;
  for (const p of photos) {
    if (p.area_id === null) unnamed = true;
    else named.set(p.area_id, p.area_name ?? "Unknown area");
  }
  const out = [...named].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  if (unnamed) out.push({ value: NONE, label: NO_AREA });
  return out;
}

/** Sessions from oldest to newest: by start, and at one start in the list's (newest first) order. */
function sessionOrder(photos: Photo[]): (sessionId: string) => number {
  const ids = [...new Set(photos.map((p) => p.session_id))];
  const start = new Map(photos.map((p) => [p.session_id, new Date(p.session_started_at).getTime()]));
  ids.reverse().sort((a, b) => start.get(a)! - start.get(b)!);
  const rank = new Map(ids.map((id, i) => [id, i]));
  return (id) => rank.get(id) ?? 0;
}

/** The two photos, the earlier session's first. */
export function olderFirst(photos: Photo[], a: Photo, b: Photo): [Photo, Photo] {
  const rank = sessionOrder(photos);
  const d = rank(a.session_id) - rank(b.session_id) || a.added_at.localeCompare(b.added_at);
  return d <= 0 ? [a, b] : [b, a];
}

export interface BaselineLatest {
  areaId: string;
  areaName: string;
  earliest: Photo;
  latest: Photo;
}

const EARLY_PHASES: PhotoPhase[] = ["baseline", "before", "follow_up", "after"];
const LATE_PHASES: PhotoPhase[] = ["follow_up", "before", "baseline", "after"];

/** The first of `photos` by phase preference, then by when it was added (`late`: newest). */
function pick(photos: Photo[], phases: PhotoPhase[], late: boolean): Photo {
  return [...photos].sort((a, b) =>
    phases.indexOf(a.phase) - phases.indexOf(b.phase)
    || (late ? b.added_at.localeCompare(a.added_at) : a.added_at.localeCompare(b.added_at)))[0];
}

export function baselineVsLatest(photos: Photo[]): BaselineLatest[] {
  const live = photos.filter((p) => !p.removal && p.area_id !== null);
  const rank = sessionOrder(live);
  const byArea = new Map<string, Photo[]>();
  for (const p of live) byArea.set(p.area_id!, [...(byArea.get(p.area_id!) ?? []), p]);
  const out: BaselineLatest[] = [];
  for (const [areaId, own] of byArea) {
    if (new Set(own.map((p) => p.session_id)).size < 2) continue;
    // The view seen in two sessions or more, starting earliest (frontal first on a tie);
    // without one, any view (the compare view says they differ).
    const spans = PHOTO_VIEWS.map(({ value }) => own.filter((p) => p.view === value))
      .filter((ps) => new Set(ps.map((p) => p.session_id)).size >= 2);
    const first = (ps: Photo[]) => Math.min(...ps.map((p) => rank(p.session_id)));
    const pool = spans.length ? spans.reduce((best, ps) => (first(ps) < first(best) ? ps : best)) : own;
    const earliestSession = first(pool);
    const latestSession = Math.max(...pool.map((p) => rank(p.session_id)));
    out.push({
      areaId, areaName: own[0].area_name ?? "Unknown area",
      earliest: pick(pool.filter((p) => rank(p.session_id) === earliestSession), EARLY_PHASES, false),
      latest: pick(pool.filter((p) => rank(p.session_id) === latestSession), LATE_PHASES, true),
    });
  }
  return out.sort((a, b) => a.areaName.localeCompare(b.areaName));
}
