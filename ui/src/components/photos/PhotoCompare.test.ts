// Comparing two photos: the two modes, the wipe line (slider and keyboard), one zoom and offset
// for both photos (buttons, keys, wheel), the captions, and the full-size images' object URLs
// revoked on close.
import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clearPhotoUrls } from "../../lib/photos/photo-url.svelte";
import { href } from "../../lib/router.svelte";
import { renderApp } from "../../testing";
import { photoClinic, SERUM } from "./photo-fixtures";

const images = () => screen.getAllByTestId("compare-image");
const transforms = () => images().map((i) => i.style.transform);

/** The gallery with "Baseline vs latest: Cheek, left" opened. */
async function openCompare() {
  const clinic = await photoClinic();
  await renderApp(href.patientPhotos(clinic.patient.id), clinic.b);
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("gallery-baseline-latest"));
  return { ...clinic, user };
}

describe("photo compare", () => {
  afterEach(() => {
    clearPhotoUrls();
    vi.restoreAllMocks();
  });

  it("shows what each photo is: date, phase, view, area, depth and serum", async () => {
    await openCompare();
    const [left, right] = screen.getAllByTestId("compare-caption");
    expect(left).toHaveTextContent("1 Jun 2026 · Baseline · Frontal");
    expect(left).toHaveTextContent("Cheek, left · 1.5 mm · Derma pen");
    expect(left).toHaveTextContent(SERUM);
    expect(right).toHaveTextContent("1 Oct 2026 · Follow-up · Frontal");
    expect(screen.getByTestId("compare-side")).toHaveAttribute("aria-pressed", "true");
    expect(images()).toHaveLength(2);
    expect(screen.getByRole("heading", { name: "Compare photos" })).toHaveFocus();
  });

  it("moves the wipe line with the slider: the earlier photo is clipped on top", async () => {
    const { user } = await openCompare();
    await user.click(screen.getByTestId("compare-wipe"));
    expect(screen.getByTestId("compare-wipe")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("compare-side")).toHaveAttribute("aria-pressed", "false");
    const top = screen.getByTestId("compare-wipe-top");
    expect(top.style.clipPath).toBe("inset(0 50% 0 0)");
    // The earlier photo is the clipped one.
    await waitFor(() => expect(top.querySelector("img")).toHaveAttribute("alt", expect.stringContaining("1 Jun 2026")));
    const slider = screen.getByTestId("compare-wipe-slider");
    expect(slider).toHaveAccessibleName("Wipe line: how much of the earlier photo shows");
    await fireEvent.input(slider, { target: { value: "30" } });
    expect(top.style.clipPath).toBe("inset(0 70% 0 0)");
    expect(slider).toHaveAttribute("aria-valuetext", "30% earlier photo");
    expect(images()).toHaveLength(2);
  });

  it("zooms and moves both photos together, by button, key and wheel", async () => {
    const { user } = await openCompare();
    expect(transforms()).toEqual(["translate(0px, 0px) scale(1)", "translate(0px, 0px) scale(1)"]);
    expect(screen.getByTestId("compare-zoom-out")).toBeDisabled();
    await user.click(screen.getByTestId("compare-zoom-in"));
    const [a, b] = transforms();
    expect(a).toBe("translate(0px, 0px) scale(1.25)");
    expect(b).toBe(a);
    expect(screen.getByTestId("compare-zoom-reset")).toHaveTextContent("125%");

    await user.keyboard("+");
    expect(transforms()[0]).toContain("scale(1.563)");
    // The frame has no size in jsdom, so moving is not limited here.
    await user.keyboard("{ArrowLeft}{ArrowUp}");
    expect(transforms()).toEqual(["translate(40px, 40px) scale(1.563)", "translate(40px, 40px) scale(1.563)"]);
    await user.keyboard("-");
    expect(transforms()[0]).toContain("scale(1.25)");
    await user.keyboard("0");
    expect(transforms()[1]).toBe("translate(0px, 0px) scale(1)");

    await fireEvent.wheel(images()[1], { deltaY: -100 });
    expect(transforms()[0]).toContain("scale(1.1)");
    expect(transforms()[1]).toBe(transforms()[0]);
    await user.click(screen.getByTestId("compare-wipe"));
    expect(transforms()[0]).toContain("scale(1.1)");
    expect(transforms()[1]).toBe(transforms()[0]);
    await user.click(screen.getByTestId("compare-zoom-reset"));
    expect(transforms()[0]).toBe("translate(0px, 0px) scale(1)");
  });

  it("fetches the full-size images and revokes their URLs on close", async () => {
    const made: string[] = [];
    const create = URL.createObjectURL;
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      const url = create(blob);
      made.push(url);
      return url;
    });
    const revoke = vi.spyOn(URL, "revokeObjectURL");
    const { b, user } = await openCompare();
    const get = vi.spyOn(b, "getPhoto");
    await waitFor(() => expect(document.querySelectorAll("[data-testid='compare-image'] img")).toHaveLength(2));
    const shown = [...document.querySelectorAll<HTMLImageElement>("[data-testid='compare-image'] img")].map((i) => i.src);
    expect(shown.every((src) => made.includes(src))).toBe(true);
    // Switching modes keeps the same images (no new fetch).
    await user.click(screen.getByTestId("compare-wipe"));
    await user.click(screen.getByTestId("compare-side"));
    expect(get).not.toHaveBeenCalled();
    expect(revoke).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("compare-close"));
    expect(screen.queryByTestId("photo-compare")).toBeNull();
    expect(screen.getByTestId("patient-photos")).toBeInTheDocument();
    for (const src of shown) expect(revoke).toHaveBeenCalledWith(src);
  });
});
