// The words clinicians see for a photo: its phase and view, the area ("Whole face / not
// specific" when none), and the caption lines under a photo (date, phase, view; area, depth
// or "not treated this session", device; serums). Also who may add and remove photos.
import type { ApiError } from "../../bindings/ApiError";
import type { Photo } from "../../bindings/Photo";
import type { PhotoPhase } from "../../bindings/PhotoPhase";
import type { PhotoView } from "../../bindings/PhotoView";
import { deviceLabel, formatMm } from "../labels";
import { auth } from "../stores/auth.svelte";
import { formatInstantDate } from "../time";

export const PHOTO_PHASES: { value: PhotoPhase; label: string }[] = [
  { value: "baseline", label: "Baseline" },
  { value: "before", label: "Before" },
  { value: "after", label: "Immediately after" },
  { value: "follow_up", label: "Follow-up" },
];

export const PHOTO_VIEWS: { value: PhotoView; label: string }[] = [
  { value: "frontal", label: "Frontal" },
  { value: "oblique_left", label: "Oblique left" },
  { value: "oblique_right", label: "Oblique right" },
  { value: "lateral_left", label: "Lateral left" },
  { value: "lateral_right", label: "Lateral right" },
  { value: "close_up", label: "Close-up" },
];

/** The area choice that means none in particular (stored as null). */
export const NO_AREA = "Whole face / not specific";

export const phaseLabel = (v: PhotoPhase) => PHOTO_PHASES.find((p) => p.value === v)?.label ?? v;
export const viewLabel = (v: PhotoView) => PHOTO_VIEWS.find((p) => p.value === v)?.label ?? v;
export const areaLabel = (p: Pick<Photo, "area_id" | "area_name">) =>
  p.area_id === null ? NO_AREA : (p.area_name ?? "Unknown area");

/** "Frontal · Before". */
export const shortLabel = (p: Photo) => `${viewLabel(p.view)} · ${phaseLabel(p.phase)}`;

/** "Frontal, before, Cheek, left, 20 Nov 2026": what a thumbnail button says to a screen reader. */
export function photoName(p: Photo): string {
  return `${viewLabel(p.view)}, ${phaseLabel(p.phase).toLowerCase()}, ${areaLabel(p)}, ${formatInstantDate(p.session_started_at)}`;
}

/** The caption under a photo, as lines. */
export function captionLines(p: Photo): { when: string; where: string; serums: string } {
  const where = [areaLabel(p)];
  if (p.depth_mm !== null) where.push(formatMm(p.depth_mm));
  else if (p.area_id !== null) where.push("not treated this session");
  if (p.device_kind) where.push(deviceLabel(p.device_kind));
  return {
    when: `${formatInstantDate(p.session_started_at)} · ${phaseLabel(p.phase)} · ${viewLabel(p.view)}`,
    where: where.join(" · "),
    serums: p.serums.length ? p.serums.join("; ") : "No serum recorded",
  };
}

/** What differs between two photos that should match for a fair comparison, or null. */
export function mismatch(a: Photo, b: Photo): string | null {
  const parts: string[] = [];
  if (a.view !== b.view) parts.push(`view (${viewLabel(a.view)} and ${viewLabel(b.view)})`);
  if (a.area_id !== b.area_id) parts.push(`area (${areaLabel(a)} and ${areaLabel(b)})`);
  return parts.length ? `These photos differ in ${parts.join(" and ")}.` : null;
}

/**
 * Why a file or a removal was refused: the field messages when there are some (a file that is
 * not an image is an error on `file`), else the message.
 */
export function refusalText(e: ApiError): string {
  return e.fields.length ? e.fields.map((f) => f.message).join(" ") : e.message;
}

/** Adding and removing photos is for clinicians and aestheticians. */
export const canManagePhotos = () => auth.has("clinician") || auth.has("aesthetician");
