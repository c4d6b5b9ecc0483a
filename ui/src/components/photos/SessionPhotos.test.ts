// A session's photos, through the whole app on the memory backend: choosing files (one fails
// alone), dropping a file, opening a photo, removing one (the reason a signed session needs, and
// no adding to it), and what an admin-only user is offered.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pngBytes } from "../../lib/api/memory-photo-bytes";
import { clearPhotoUrls } from "../../lib/photos/photo-url.svelte";
import { href } from "../../lib/router.svelte";
import { clinicWithDraft, PASSWORD, signInAs } from "../../lib/signing-fixtures";
import { renderApp } from "../../testing";
import { CHEEK_LEFT } from "./photo-fixtures";

const NOT_IMAGE = "This file is not a JPEG, PNG or WebP image.";

describe("session photos", () => {
  afterEach(() => {
    clearPhotoUrls();
    vi.restoreAllMocks();
  });

  it("adds chosen photos as the panel says, and lists a failed file with its error", async () => {
    const photoFiles = [
      { name: "IMG_0101.png", bytes: pngBytes(8, 6) },
      { name: "scan.pdf", bytes: new TextEncoder().encode("%PDF-1.7") },
    ];
    const { b, draft } = await clinicWithDraft({ photoFiles });
    await renderApp(href.session(draft.id), b);
    const user = userEvent.setup();
    const section = await screen.findByTestId("session-photos");
    expect(await within(section).findByText("No photos yet.")).toBeInTheDocument();
    expect(screen.getByTestId("photo-drop")).toHaveTextContent("or drop JPEG, PNG or WebP files here");
    expect(screen.getByTestId("photo-drop")).toHaveAttribute("tabindex", "0");
    const areas = [...screen.getByTestId<HTMLSelectElement>("photo-area").options].map((o) => o.textContent);
    expect(areas).toEqual(["Whole face / not specific", "Cheek, left", "Forehead"]);

    await user.selectOptions(screen.getByTestId("photo-phase"), "after");
    await user.selectOptions(screen.getByTestId("photo-view"), "oblique_right");
    await user.selectOptions(screen.getByTestId("photo-area"), CHEEK_LEFT);
    await user.click(screen.getByTestId("photo-choose"));

    const results = await screen.findByTestId("photo-results");
    expect(within(results).getByTestId("photo-result-added")).toHaveTextContent("IMG_0101.png added");
    const failed = within(results).getByRole("alert");
    expect(failed).toHaveTextContent(`scan.pdf: ${NOT_IMAGE}`);
    expect(results).toHaveTextContent("1 of 2 added.");
    const thumb = await screen.findByTestId("photo-thumb");
    expect(thumb).toHaveTextContent("Oblique right · Immediately after");
    expect(thumb).toHaveTextContent("Cheek, left");
    expect(thumb).toHaveAccessibleName("Oblique right, immediately after, Cheek, left, 20 Nov 2026");
    const [stored] = await b.listPhotos(draft.patient_id);
    expect(stored).toMatchObject({ phase: "after", view: "oblique_right", area_id: CHEEK_LEFT });
    await waitFor(() => expect(thumb.querySelector("img")).toHaveAttribute("src", expect.stringMatching(/^blob:/)));

    // The thumbnail opens the photo full size; Close gives focus back.
    await user.click(thumb);
    expect(screen.getByTestId("photo-viewer")).toHaveTextContent("1.5 mm");
    expect(screen.getByTestId("photo-viewer-close")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("photo-viewer")).toBeNull();
    expect(screen.getByTestId("photo-thumb")).toHaveFocus();
  });

  it("adds a dropped file from its bytes", async () => {
    const { b, draft } = await clinicWithDraft();
    const add = vi.spyOn(b, "addPhoto");
    await renderApp(href.session(draft.id), b);
    const drop = await screen.findByTestId("photo-drop");
    const file = new File([pngBytes(12, 9) as Uint8Array<ArrayBuffer>], "dropped.png", { type: "image/png" });
    const bad = new File(["hello"], "notes.txt", { type: "text/plain" });
    await fireEvent.dragOver(drop, { dataTransfer: { files: [file], dropEffect: "none" } });
    await fireEvent.drop(drop, { dataTransfer: { files: [file, bad] } });
    expect(await screen.findByTestId("photo-result-added")).toHaveTextContent("dropped.png added");
    expect(screen.getByTestId("photo-result-failed")).toHaveTextContent(`notes.txt: ${NOT_IMAGE}`);
    expect(add).toHaveBeenCalledTimes(2);
    const [input, name, bytes] = add.mock.calls[0];
    expect(input).toEqual({ session_id: draft.id, area_id: null, phase: "before", view: "frontal" });
    expect(name).toBe("dropped.png");
    expect([...bytes]).toEqual([...pngBytes(12, 9)]);
    expect(await screen.findAllByTestId("photo-thumb")).toHaveLength(1);
  });

  it("needs a reason to remove a photo of a signed session, then shows it removed", async () => {
    const { b, draft } = await clinicWithDraft();
    await b.addPhoto({ session_id: draft.id, area_id: null, phase: "after", view: "frontal" }, "a.png", pngBytes(4, 3));
    const signed = await b.signSession({ session_id: draft.id, meaning: "author", password: PASSWORD });
    await renderApp(href.session(signed.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("photo-remove"));
    const form = screen.getByTestId("photo-remove-form");
    expect(form).toHaveTextContent(
      "This session is signed: the photo stays in the record, marked removed, with your reason.");
    const reason = screen.getByTestId("photo-remove-reason");
    expect(reason).toHaveFocus();
    // A signed session takes no new photos.
    expect(screen.queryByTestId("photo-choose")).toBeNull();
    expect(screen.getByTestId("photos-signed-note")).toHaveTextContent("This session is signed, so no photos can be added.");

    await user.click(screen.getByTestId("photo-remove-confirm"));
    const error = await screen.findByTestId("error-reason");
    expect(error).toHaveTextContent("This session is signed: give a reason. The photo stays in the record, marked removed.");
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(reason).toHaveAttribute("aria-describedby", "photo-remove-reason-error");
    expect(reason).toHaveFocus();
    expect(screen.getByTestId("photo-thumb")).not.toHaveTextContent("Removed");

    await user.type(reason, "Wrong side photographed");
    await user.click(screen.getByTestId("photo-remove-confirm"));
    await waitFor(() => expect(screen.queryByTestId("photo-remove-form")).toBeNull());
    const thumb = screen.getByTestId("photo-thumb");
    expect(within(thumb).getByTestId("photo-removed")).toHaveTextContent("Removed: Wrong side photographed");
    expect(thumb).toHaveClass("removed");
    expect(thumb).toHaveFocus();
    expect(screen.queryByTestId("photo-remove")).toBeNull();
    expect(screen.getByTestId("session-photos")).toHaveTextContent("0 photos, 1 removed");
  });

  it("removes a draft's photo without a reason, and Escape cancels", async () => {
    const { b, draft } = await clinicWithDraft();
    await b.addPhoto({ session_id: draft.id, area_id: null, phase: "before", view: "frontal" }, "a.png", pngBytes(4, 3));
    await renderApp(href.session(draft.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("photo-remove"));
    expect(screen.getByTestId("photo-remove-form")).toHaveTextContent("Reason (optional)");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("photo-remove-form")).toBeNull();
    expect(screen.getByTestId("photo-remove")).toHaveFocus();
    await user.click(screen.getByTestId("photo-remove"));
    await user.click(screen.getByTestId("photo-remove-confirm"));
    expect(await screen.findByTestId("photo-removed")).toHaveTextContent("Removed");
  });

  it("shows an admin-only user the photos without add or remove", async () => {
    const { b, draft } = await clinicWithDraft();
    await b.addPhoto({ session_id: draft.id, area_id: null, phase: "before", view: "frontal" }, "a.png", pngBytes(4, 3));
    await signInAs(b, "office", ["admin"]);
    await renderApp(href.session(draft.id), b);
    expect(await screen.findByTestId("photo-thumb")).toBeInTheDocument();
    expect(screen.queryByTestId("photo-remove")).toBeNull();
    expect(screen.queryByTestId("photo-choose")).toBeNull();
    expect(screen.queryByTestId("photo-drop")).toBeNull();
  });

  it("offers add and remove to an aesthetician", async () => {
    const { b, draft } = await clinicWithDraft();
    await b.addPhoto({ session_id: draft.id, area_id: null, phase: "before", view: "frontal" }, "a.png", pngBytes(4, 3));
    await signInAs(b, "nurse.ada", ["aesthetician"]);
    await renderApp(href.session(draft.id), b);
    expect(await screen.findByTestId("photo-remove")).toBeInTheDocument();
    expect(screen.getByTestId("photo-choose")).toBeInTheDocument();
  });
});
