// The export page (admins) runs each export with its own backend call and says what was saved
// where; a cancelled dialog says nothing, a failure says why. The patient page offers admins the
// record packet and the patient's FHIR JSON, and no one else.
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { createMemoryBackend } from "../../lib/api/memory";
import { href } from "../../lib/router.svelte";
import { addPatient, renderApp } from "../../testing";

describe("export page", () => {
  it("runs each export with its call and says how many rows or resources went where", async () => {
    const b = createMemoryBackend({ demo: true });
    const records = vi.spyOn(b, "exportRecords");
    const fhir = vi.spyOn(b, "exportFhir");
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("export-link"));
    expect(await screen.findByRole("heading", { level: 1, name: "Export" })).toBeInTheDocument();
    expect(screen.getByTestId("export-note")).toHaveTextContent("recorded in the audit trail");
    expect(screen.getByTestId("export-session-areas")).toHaveTextContent("Sessions, one row per treated area (CSV)");

    await user.click(screen.getByTestId("export-patients"));
    const done = await screen.findByTestId("export-done");
    const { rows } = (await b.exportRecords("patients"))!;
    expect(done).toHaveTextContent(`Saved ${rows} rows to /tmp/dermalog-patients-`);
    expect(done).toHaveAttribute("role", "status");
    expect(records).toHaveBeenCalledWith("patients");

    await user.click(screen.getByTestId("export-session-areas"));
    await waitFor(() => expect(screen.getByTestId("export-done")).toHaveTextContent(/^Saved [\d,]+ rows to \/tmp\/dermalog-session-areas-/));
    expect(records).toHaveBeenCalledWith("session_areas");
    expect(screen.getAllByTestId("export-done")).toHaveLength(1);

    await user.click(screen.getByTestId("export-reactions"));
    await waitFor(() => expect(records).toHaveBeenCalledWith("reactions"));

    await user.click(screen.getByTestId("export-fhir"));
    await waitFor(() => expect(screen.getByTestId("export-done")).toHaveTextContent(/^Saved [\d,]+ resources to \/tmp\/dermalog-fhir-clinic-/));
    expect(fhir).toHaveBeenCalledWith(null);
  });

  it("says “Exporting…” while it runs, nothing when cancelled, and why it failed", async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const b = createMemoryBackend({ exportCancelled: true });
    await renderApp(href.exportData(), {
      ...b,
      exportRecords: async (kind) => (await gate, b.exportRecords(kind)),
      exportFhir: () => Promise.reject({ code: "WriteFailed", message: "The file could not be written: disk full.", fields: [] }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("export-reactions"));
    expect(screen.getByTestId("export-reactions")).toHaveTextContent("Exporting…");
    expect(screen.getByTestId("export-patients")).toBeDisabled();
    release();
    await waitFor(() => expect(screen.getByTestId("export-reactions")).toHaveTextContent("Reactions (CSV)"));
    expect(screen.queryByTestId("export-done")).toBeNull();
    expect(screen.queryByTestId("export-error")).toBeNull();

    await user.click(screen.getByTestId("export-fhir"));
    const error = await screen.findByTestId("export-error");
    expect(error).toHaveTextContent("The file could not be written: disk full.");
    expect(error).toHaveAttribute("role", "alert");
  });
});

describe("patient record packet", () => {
  it("saves an admin the patient's packet or FHIR JSON, and says where", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b, { mrn: "DL-7" });
    const packet = vi.spyOn(b, "exportPatientPacket");
    const fhir = vi.spyOn(b, "exportFhir");
    await renderApp(href.patient(p.id), b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("patient-packet"));
    const done = await screen.findByTestId("patient-packet-done");
    expect(done).toHaveTextContent(`Saved to /tmp/dermalog-record-DL-7-${new Date().toISOString().slice(0, 10)} (0 sessions)`);
    expect(packet).toHaveBeenCalledWith(p.id);

    await user.click(screen.getByTestId("patient-fhir"));
    expect(await screen.findByTestId("patient-fhir-done")).toHaveTextContent("Saved 1 resource to /tmp/dermalog-fhir-patient-DL-7-");
    expect(fhir).toHaveBeenCalledWith(p.id);
    expect(screen.queryByTestId("patient-packet-done")).toBeNull();
  });

  it("shows why a packet could not be saved", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b);
    await renderApp(href.patient(p.id), {
      ...b,
      exportPatientPacket: () => Promise.reject({ code: "WriteFailed", message: "The folder could not be written.", fields: [] }),
    });
    await userEvent.setup().click(await screen.findByTestId("patient-packet"));
    expect(await screen.findByTestId("patient-export-error")).toHaveTextContent("The folder could not be written.");
  });

  it("is not offered to clinicians", async () => {
    const b = createMemoryBackend({ roles: ["clinician"] });
    const p = await addPatient(b);
    await renderApp(href.patient(p.id), b);
    expect(await screen.findByTestId("new-session")).toBeInTheDocument();
    expect(screen.queryByTestId("patient-packet")).toBeNull();
    expect(screen.queryByTestId("patient-fhir")).toBeNull();
  });
});
