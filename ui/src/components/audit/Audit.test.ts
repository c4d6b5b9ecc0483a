// The audit viewer: rows newest first with labels and details, the filters (and a patient's
// trail from the patient page), paging, and "Verify trail" (intact, or each break).
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AuditReport } from "../../bindings/AuditReport";
import { createMemoryBackend } from "../../lib/api/memory";
import { addPatient, renderApp } from "../../testing";

async function clinicWithHistory() {
  const b = createMemoryBackend();
  const anna = await addPatient(b, { given_name: "Anna", family_name: "Berg" });
  const ben = await addPatient(b, { given_name: "Ben", family_name: "Cho" });
  await b.savePatient({ ...anna, given_name: "Annika", mrn: null, phone: null, email: null });
  await b.archivePatient(ben.id);
  return { b, anna, ben };
}

const rows = () => screen.getAllByTestId("audit-row");

describe("audit page", () => {
  it("lists audited acts newest first, with who, what, on which record, and the values", async () => {
    const { b } = await clinicWithHistory();
    await renderApp("#/", b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("audit-link"));
    expect(await screen.findByRole("heading", { level: 1, name: "Audit trail" })).toBeInTheDocument();
    await waitFor(() => expect(rows()).toHaveLength(4));
    const actions = rows().map((r) => within(r).getByTestId("audit-action").textContent);
    expect(actions).toEqual(["Archived", "Changed", "Created", "Created"]);
    expect(rows()[0]).toHaveTextContent("Dr Ana Silva");
    expect(rows()[0]).toHaveTextContent("Patient");

    const changed = rows()[1];
    await user.click(within(changed).getByText("Details"));
    expect(within(changed).getByTestId("audit-old")).toHaveTextContent('"given_name": "Anna"');
    expect(within(changed).getByTestId("audit-new")).toHaveTextContent('"given_name": "Annika"');
    expect(screen.getByTestId("audit-table")).toBeInTheDocument();
  });

  it("filters by action and user, and shows one patient's trail from the patient page", async () => {
    const { b, anna } = await clinicWithHistory();
    await renderApp(`#/patients/${anna.id}`, b);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("patient-audit-link"));
    expect(location.hash).toBe(`#/audit?patient=${anna.id}`);
    expect(await screen.findByTestId("audit-patient")).toHaveTextContent("Only acts on this patient's record");
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map((r) => within(r).getByTestId("audit-action").textContent)).toEqual(["Changed", "Created"]);

    await user.selectOptions(screen.getByLabelText("Action"), "Created");
    await waitFor(() => expect(rows()).toHaveLength(1));

    await user.click(within(screen.getByTestId("audit-patient")).getByRole("button", { name: "Show all patients" }));
    expect(location.hash).toBe("#/audit");
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(screen.queryByTestId("audit-patient")).toBeNull();

    const users = await b.listUsers();
    await waitFor(() => expect(screen.getByLabelText("User")).toHaveTextContent("Dr Ana Silva (ana.silva)"));
    await user.selectOptions(screen.getByLabelText("User"), users[0].id);
    await waitFor(() => expect(rows()).toHaveLength(4));
    await user.selectOptions(screen.getByLabelText("Action"), "Signed out");
    expect(await screen.findByTestId("audit-empty")).toHaveTextContent("No audited act matches these filters.");
  });

  it("loads 200 rows at a time", async () => {
    const b = createMemoryBackend();
    for (let i = 0; i < 205; i++) await addPatient(b, { family_name: `Berg${i}` });
    await renderApp("#/audit", b);
    const user = userEvent.setup();
    await waitFor(() => expect(rows()).toHaveLength(200));
    await user.click(screen.getByTestId("audit-more"));
    await waitFor(() => expect(rows()).toHaveLength(205));
    expect(screen.queryByTestId("audit-more")).toBeNull();
  });

  it("says the trail is intact after verifying it", async () => {
    const { b } = await clinicWithHistory();
    await renderApp("#/audit", b);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("audit-verify"));
    expect(await screen.findByTestId("audit-ok")).toHaveTextContent("Audit trail intact: 4 rows in 1 chain.");
  });

  it("lists each break the verify found", async () => {
    const { b } = await clinicWithHistory();
    const broken: AuditReport = {
      ok: false, rows: 40, chains: 2,
      problems: [
        { workstation_id: "0190a000-0000-7000-8000-0000000000f1", seq: 17 as unknown as bigint, code: "hash_mismatch",
          message: "Row 17 was changed after it was written." },
        { workstation_id: "0190a000-0000-7000-8000-0000000000f2", seq: null, code: "head_behind",
          message: "The newest rows of this workstation are missing." },
      ],
    };
    await renderApp("#/audit", { ...b, verifyAudit: async () => broken });
    const user = userEvent.setup();
    await user.click(screen.getByTestId("audit-verify"));
    const problems = await screen.findAllByTestId("audit-problem");
    expect(problems).toHaveLength(2);
    expect(problems[0]).toHaveTextContent("Row 17: Row 17 was changed after it was written.");
    expect(problems[1]).toHaveTextContent("The newest rows of this workstation are missing.");
    expect(problems[0].closest("[role=alert]")).toHaveTextContent("The audit trail is not intact.");
    expect(screen.queryByTestId("audit-ok")).toBeNull();
  });
});
