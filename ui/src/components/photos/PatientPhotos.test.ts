// The patient gallery, through the whole app on the memory backend: reached from the patient
// page, grouped by session, the filters, "Show removed", choosing two to compare, "Baseline vs
// latest", and a long gallery fetching only the thumbnails near the screen.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clearPhotoUrls } from "../../lib/photos/photo-url.svelte";
import { href } from "../../lib/router.svelte";
import { renderApp } from "../../testing";
import { CHEEK_LEFT, manyPhotos, photoClinic } from "./photo-fixtures";

const thumbs = () => screen.queryAllByTestId("photo-thumb");
const captions = () => screen.getAllByTestId("compare-caption").map((c) => c.textContent ?? "");

describe("patient gallery", () => {
  afterEach(() => {
    clearPhotoUrls();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("is reached from the patient page and groups the photos by session, newest first", async () => {
    const { b, patient, sessions } = await photoClinic();
    await renderApp(href.patient(patient.id), b);
    const user = userEvent.setup();
    const link = await screen.findByTestId("patient-photos-link");
    expect(link).toHaveAttribute("href", href.patientPhotos(patient.id));
    await user.click(link);
    const page = await screen.findByTestId("patient-photos");
    expect(page).toHaveTextContent("7 photos, 1 removed");
    const headings = within(page).getAllByRole("heading", { level: 2 }).map((h) => h.textContent?.replace(/\s+/g, " ").trim());
    expect(headings).toEqual(["1 Oct 2026 Draft 2 photos", "1 Aug 2026 Draft 2 photos", "1 Jun 2026 3 photos"]);
    expect(within(page).getByRole("link", { name: "1 Jun 2026" })).toHaveAttribute("href", href.session(sessions[0].id));
  });

  it("narrows the thumbnails with the filters and shows removed photos on request", async () => {
    const { b, patient } = await photoClinic();
    await renderApp(href.patientPhotos(patient.id), b);
    const user = userEvent.setup();
    await waitFor(() => expect(thumbs()).toHaveLength(7));
    const areaNames = [...screen.getByTestId<HTMLSelectElement>("gallery-area").options].map((o) => o.textContent);
    expect(areaNames).toEqual(["All areas", "Cheek, left", "Forehead", "Whole face / not specific"]);

    await user.selectOptions(screen.getByTestId("gallery-area"), CHEEK_LEFT);
    expect(thumbs()).toHaveLength(5);
    await user.selectOptions(screen.getByTestId("gallery-view"), "frontal");
    expect(thumbs()).toHaveLength(4);
    await user.selectOptions(screen.getByTestId("gallery-phase"), "after");
    expect(thumbs().map((t) => t.textContent)).toEqual([expect.stringContaining("Frontal · Immediately after")]);
    await user.selectOptions(screen.getByTestId("gallery-phase"), "all");
    await user.selectOptions(screen.getByTestId("gallery-view"), "all");

    expect(screen.queryByTestId("photo-removed")).toBeNull();
    await user.click(screen.getByTestId("gallery-show-removed"));
    expect(thumbs()).toHaveLength(6);
    const removed = screen.getByTestId("photo-removed");
    expect(removed).toHaveTextContent("Removed: Blurred");
    expect(removed.closest("button")).toHaveClass("removed");
    await user.click(screen.getByTestId("gallery-show-removed"));
    expect(thumbs()).toHaveLength(5);
    await user.selectOptions(screen.getByTestId("gallery-area"), "none");
    expect(thumbs()).toHaveLength(1);
  });

  it("compares two chosen photos, holding back a third", async () => {
    const { b, patient } = await photoClinic();
    await renderApp(href.patientPhotos(patient.id), b);
    const user = userEvent.setup();
    await waitFor(() => expect(thumbs()).toHaveLength(7));
    const compare = screen.getByTestId("gallery-compare");
    expect(compare).toBeDisabled();
    expect(screen.getByTestId("gallery-hint")).toHaveTextContent("Choose two photos to compare.");
    // Newest session first: October's follow-up and whole-face photo, August's before and after…
    await user.click(thumbs()[0]);
    expect(thumbs()[0]).toHaveAttribute("aria-pressed", "true");
    expect(compare).toBeDisabled();
    await user.click(thumbs()[3]);
    expect(compare).toBeEnabled();
    expect(thumbs()[5]).toBeDisabled();
    expect(screen.getByTestId("gallery-hint")).toHaveTextContent("Untick one to choose another.");
    await user.click(thumbs()[0]);
    expect(thumbs()[0]).toHaveAttribute("aria-pressed", "false");
    expect(compare).toBeDisabled();
    await user.click(thumbs()[1]);

    await user.click(compare);
    expect(screen.getByTestId("photo-compare")).toBeInTheDocument();
    // The earlier session on the left.
    expect(captions()[0]).toContain("1 Aug 2026 · Immediately after · Frontal");
    expect(captions()[1]).toContain("1 Oct 2026 · Before · Frontal");
    expect(screen.getByTestId("compare-mismatch")).toHaveTextContent(
      "These photos differ in area (Cheek, left and Whole face / not specific).");
    await user.click(screen.getByTestId("compare-close"));
    expect(screen.queryByTestId("photo-compare")).toBeNull();
    expect(compare).toHaveFocus();
    expect(thumbs()[1]).toHaveAttribute("aria-pressed", "true");
  });

  it("opens an area's baseline and its latest photo of the same view", async () => {
    const { b, patient } = await photoClinic();
    await renderApp(href.patientPhotos(patient.id), b);
    const user = userEvent.setup();
    // Only the left cheek was photographed in two sessions or more.
    const [button] = await screen.findAllByTestId("gallery-baseline-latest");
    expect(screen.getAllByTestId("gallery-baseline-latest")).toHaveLength(1);
    expect(button).toHaveTextContent("Baseline vs latest: Cheek, left");
    await user.click(button);
    expect(captions()[0]).toContain("1 Jun 2026 · Baseline · Frontal");
    expect(captions()[1]).toContain("1 Oct 2026 · Follow-up · Frontal");
    expect(screen.queryByTestId("compare-mismatch")).toBeNull();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("photo-compare")).toBeNull();
    expect(button).toHaveFocus();
  });

  it("fetches only the thumbnails near the screen in a gallery of 200+ photos", async () => {
    const observed: Element[] = [];
    let notify: (entries: Partial<IntersectionObserverEntry>[]) => void = () => {};
    vi.stubGlobal("IntersectionObserver", class {
      constructor(cb: (entries: Partial<IntersectionObserverEntry>[]) => void) {
        notify = cb;
      }
      observe(el: Element) {
        observed.push(el);
      }
      unobserve() {}
      disconnect() {}
    });
    const { b, patient, sessions } = await photoClinic();
    await manyPhotos(b, sessions[2], 200);
    const get = vi.spyOn(b, "getPhoto");
    await renderApp(href.patientPhotos(patient.id), b);
    await waitFor(() => expect(thumbs()).toHaveLength(207));
    expect(observed).toHaveLength(207);
    expect(get).not.toHaveBeenCalled();
    notify(observed.slice(0, 12).map((target) => ({ target, isIntersecting: true })));
    await waitFor(() => expect(get).toHaveBeenCalledTimes(12));
    expect(get.mock.calls.every(([, , size]) => size === "thumb")).toBe(true);
    await waitFor(() => expect(document.querySelectorAll("[data-testid='photo-thumb'] img")).toHaveLength(12));
  });
});
