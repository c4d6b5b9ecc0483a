// The photo helpers on their own: gallery filters, grouping and "Baseline vs latest"; the
// shared zoom; the caption words; and the object-URL cache (shared while in use, revoked at
// the last release, a few thumbnails kept).
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Photo } from "../../bindings/Photo";
import { useBackend } from "../api";
import { createMemoryBackend } from "../api/memory";
import { ALL, areaChoices, baselineVsLatest, filterPhotos, groupBySession, noFilter, NONE, olderFirst } from "./gallery";
import { acquirePhotoUrl, clearPhotoUrls, IDLE_THUMBS, livePhotoUrls } from "./photo-url.svelte";
import { captionLines, mismatch } from "./photo-text";
import { ZoomPan } from "./zoom.svelte";

let n = 0;
/** A photo; the list a test builds is newest session first, as the backend sends it. */
function photo(fields: Partial<Photo>): Photo {
  n += 1;
  return {
    id: `f${n}`, patient_id: "p1", session_id: "s1", session_started_at: "2026-01-01T12:00:00Z", session_status: "signed",
    area_id: "cheek", area_name: "Cheek, left", phase: "before", view: "frontal", width: 8, height: 6, bytes: 10,
    media_type: "image/png", sha256: "0".repeat(64), added_at: `2026-01-01T09:00:${String(n % 60).padStart(2, "0")}Z`,
    added_by_name: "Dr A", depth_mm: 1.5, device_kind: "derma_pen", serums: [], removal: null, ...fields,
  };
}
const s = (id: string, date: string) => ({ session_id: id, session_started_at: `${date}T12:00:00Z` });

describe("gallery", () => {
  const list = [
    photo({ ...s("s3", "2026-03-01"), phase: "follow_up" }),
    photo({ ...s("s3", "2026-03-01"), phase: "after" }),
    photo({ ...s("s3", "2026-03-01"), area_id: null, area_name: null }),
    photo({ ...s("s2", "2026-02-01"), view: "oblique_left", removal: { removed_at: "x", removed_by_name: "A", reason: "Blurred", after_signing: true } }),
    photo({ ...s("s1", "2026-01-01"), phase: "after" }),
    photo({ ...s("s1", "2026-01-01"), phase: "baseline" }),
    photo({ ...s("s1", "2026-01-01"), area_id: "chin", area_name: "Chin" }),
  ];

  it("filters by area, view and phase, hiding removed photos unless asked", () => {
    expect(filterPhotos(list, noFilter())).toHaveLength(6);
    expect(filterPhotos(list, { ...noFilter(), showRemoved: true })).toHaveLength(7);
    expect(filterPhotos(list, { ...noFilter(), area: NONE })).toEqual([list[2]]);
    expect(filterPhotos(list, { ...noFilter(), area: "chin" })).toEqual([list[6]]);
    expect(filterPhotos(list, { ...noFilter(), phase: "after", view: "frontal" })).toEqual([list[1], list[4]]);
    expect(filterPhotos(list, { area: ALL, view: "oblique_left", phase: ALL, showRemoved: true })).toEqual([list[3]]);
  });

  it("groups by session in the list's order and lists the areas shown", () => {
    expect(groupBySession(list).map((g) => [g.startedAt.slice(0, 10), g.photos.length])).toEqual([
      ["2026-03-01", 3], ["2026-02-01", 1], ["2026-01-01", 3],
    ]);
    expect(areaChoices(list)).toEqual([
      { value: "cheek", label: "Cheek, left" }, { value: "chin", label: "Chin" },
      { value: NONE, label: "Whole face / not specific" },
    ]);
  });

  it("pairs an area's earliest (baseline first) and latest photo of one view, and orders any pair", () => {
    const pairs = baselineVsLatest(list);
    expect(pairs.map((p) => [p.areaName, p.earliest.id, p.latest.id])).toEqual([
      ["Cheek, left", list[5].id, list[0].id],
    ]);
    expect(olderFirst(list, list[0], list[5])).toEqual([list[5], list[0]]);
    expect(olderFirst(list, list[5], list[0])).toEqual([list[5], list[0]]);
  });

  it("compares across views when no view was taken twice, and says so", () => {
    const two = [photo({ ...s("b", "2026-05-01"), view: "oblique_left" }), photo({ ...s("a", "2026-04-01") })];
    const [pair] = baselineVsLatest(two);
    expect([pair.earliest.id, pair.latest.id]).toEqual([two[1].id, two[0].id]);
    expect(mismatch(pair.earliest, pair.latest)).toBe("These photos differ in view (Frontal and Oblique left).");
    expect(mismatch(list[0], list[2])).toBe("These photos differ in area (Cheek, left and Whole face / not specific).");
  });

  it("writes captions with the date, depth and serums", () => {
    expect(captionLines(photo({ session_started_at: "2026-11-20T12:00:00Z", serums: ["HA 1% (lot H-1)"], phase: "after" }))).toEqual({
      when: "20 Nov 2026 · Immediately after · Frontal", where: "Cheek, left · 1.5 mm · Derma pen", serums: "HA 1% (lot H-1)",
    });
  });
});

describe("zoom", () => {
  it("zooms within limits, pans only when zoomed, and keeps the image in the frame", () => {
    const z = new ZoomPan();
    z.frame(400, 300);
    z.panBy(50, 0);
    expect(z.transform).toBe("translate(0px, 0px) scale(1)");
    z.zoomIn();
    expect(z.zoom).toBe(1.25);
    z.panBy(500, -20);
    expect([z.x, z.y]).toEqual([50, -20]);
    for (let i = 0; i < 20; i++) z.zoomIn();
    expect(z.zoom).toBe(8);
    z.reset();
    expect(z.transform).toBe("translate(0px, 0px) scale(1)");
    z.zoomOut();
    expect(z.zoom).toBe(1);
  });
});

describe("photo URLs", () => {
  afterEach(() => {
    clearPhotoUrls();
    vi.restoreAllMocks();
  });

  it("shares one URL while in use, revokes a full image at the last release, keeps a few thumbnails", async () => {
    const b = createMemoryBackend();
    useBackend(b);
    const get = vi.spyOn(b, "getPhoto").mockResolvedValue(new Uint8Array([1, 2]));
    const revoke = vi.spyOn(URL, "revokeObjectURL");
    const p = photo({});
    const one = acquirePhotoUrl(p, "full");
    const two = acquirePhotoUrl(p, "full");
    const url = await one.url;
    expect(await two.url).toBe(url);
    expect(get).toHaveBeenCalledTimes(1);
    one.release();
    expect(revoke).not.toHaveBeenCalled();
    two.release();
    two.release();
    expect(revoke).toHaveBeenCalledTimes(1);
    expect(revoke).toHaveBeenCalledWith(url);

    const thumbs = Array.from({ length: IDLE_THUMBS + 2 }, () => acquirePhotoUrl(photo({}), "thumb"));
    await Promise.all(thumbs.map((t) => t.url));
    for (const t of thumbs) t.release();
    expect(revoke).toHaveBeenCalledTimes(3);
    expect(livePhotoUrls()).toBe(IDLE_THUMBS);
    clearPhotoUrls();
    expect(livePhotoUrls()).toBe(0);
    expect(revoke).toHaveBeenCalledTimes(3 + IDLE_THUMBS);
  });
});
