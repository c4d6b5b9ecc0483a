// Exporting one photo from the viewer (admins), through the whole app on the memory backend:
// for the clinical record at once; for teaching or marketing only with the patient's photo
// consent for that use in force, else the backend's message under the purpose.
import { screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pngBytes } from "../../lib/api/memory-photo-bytes";
import { recordConsent } from "../../lib/consent/consent-fixtures";
import { clearPhotoUrls } from "../../lib/photos/photo-url.svelte";
import { href } from "../../lib/router.svelte";
import { clinicWithDraft, signInAs } from "../../lib/signing-fixtures";
import { renderApp } from "../../testing";

async function clinicWithPhoto() {
  const c = await clinicWithDraft();
  const photo = await c.b.addPhoto({ session_id: c.draft.id, area_id: null, phase: "before", view: "frontal" }, "a.png",
    pngBytes(8, 6));
  return { ...c, photo };
}

async function openViewer() {
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("photo-thumb"));
  return { user, viewer: screen.getByTestId("photo-viewer") };
}

describe("photo export", () => {
  afterEach(() => {
    clearPhotoUrls();
    vi.restoreAllMocks();
  });

  it("exports for teaching only once a photo consent allows it", async () => {
    const { b, patient, draft, photo } = await clinicWithPhoto();
    const exported = vi.spyOn(b, "exportPhoto");
    await renderApp(href.session(draft.id), b);
    const { user, viewer } = await openViewer();
    const purpose = within(viewer).getByTestId("photo-export-purpose");
    expect([...(purpose as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      "Clinical record", "Teaching", "Marketing",
    ]);

    await user.selectOptions(purpose, "teaching");
    await user.click(within(viewer).getByTestId("photo-export-go"));
    expect(await within(viewer).findByTestId("error-purpose")).toHaveTextContent(
      "This patient has no photo consent for teaching in force.");
    expect(purpose).toHaveAttribute("aria-invalid", "true");
    expect(exported).toHaveBeenLastCalledWith(patient.id, photo.id, "teaching");

    await user.selectOptions(purpose, "clinical_record");
    expect(within(viewer).queryByTestId("error-purpose")).toBeNull();
    await user.click(within(viewer).getByTestId("photo-export-go"));
    expect(await within(viewer).findByTestId("photo-export-done")).toHaveTextContent(
      /^Saved to \/tmp\/dermalog-photo-.*-clinical_record\.png$/);

    await recordConsent(b, patient.id, "photo", { scopes: ["clinical_record", "teaching"] });
    await user.selectOptions(purpose, "teaching");
    await user.click(within(viewer).getByTestId("photo-export-go"));
    expect(await within(viewer).findByTestId("photo-export-done")).toHaveTextContent(/-teaching\.png$/);
  });

  it("is offered to admins only", async () => {
    const { b, draft } = await clinicWithPhoto();
    await signInAs(b, "dr.who", ["clinician"]);
    await renderApp(href.session(draft.id), b);
    const { viewer } = await openViewer();
    expect(within(viewer).queryByTestId("photo-export")).toBeNull();
  });
});
