// What each role is offered: aestheticians read (no new patient or session, no edits, no
// Settings); clinicians record but see no admin pages or CSV exports; a typed link to a page
// the role cannot open says so instead of failing.
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { clinicBackend, clinicRecords } from "../../lib/clinic/fixtures";
import { href, router } from "../../lib/router.svelte";
import { renderApp } from "../../testing";

describe("role-aware UI", () => {
  it("offers an aesthetician the records to read, and nothing that writes", async () => {
    const { anna, s1, patients, sessions } = clinicRecords();
    const b = clinicBackend({ roles: ["aesthetician"], patients, sessions });
    await renderApp(href.patient(anna.id), b);
    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Anna Berg");
    expect(screen.getByTestId("account-roles")).toHaveTextContent("Aesthetician");

    for (const id of ["new-patient", "new-session", "repeat-last-session", "edit-patient", "archive-patient",
      "history-add", "start-course", "open-settings", "users-link", "audit-link", "backups-link",
      "patient-audit-link"]) {
      expect(screen.queryByTestId(id), id).toBeNull();
    }
    expect(screen.getByTestId("patient-summary-link")).toBeInTheDocument();
    expect(screen.getByTestId("search-link")).toBeInTheDocument();

    router.navigate(href.session(s1.id));
    expect(await screen.findByTestId("session-detail")).toBeInTheDocument();
    expect(screen.queryByTestId("repeat-session")).toBeNull();
    expect(screen.queryByTestId("edit-session")).toBeNull();
    expect(screen.getByTestId("aftercare-handout-link")).toBeInTheDocument();

    router.navigate(href.home());
    expect(await screen.findByText("Select a patient on the left.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New patient" })).toBeNull();
  });

  it("says a page is not available instead of opening a form the role cannot save", async () => {
    const { anna, patients } = clinicRecords();
    await renderApp(href.newSession(anna.id), clinicBackend({ roles: ["aesthetician"], patients }));
    expect(await screen.findByTestId("not-allowed")).toHaveTextContent("needs the clinician role");
    router.navigate(href.settings());
    await waitFor(() => expect(screen.getByTestId("not-allowed")).toHaveTextContent("needs the admin role"));
  });

  it("offers a clinician recording but no admin pages or CSV exports", async () => {
    const { anna, patients, sessions } = clinicRecords();
    await renderApp(href.patient(anna.id), clinicBackend({ roles: ["clinician"], patients, sessions }));
    expect(await screen.findByTestId("new-session")).toBeInTheDocument();
    expect(screen.getByTestId("new-patient")).toBeInTheDocument();
    expect(screen.queryByTestId("open-settings")).toBeNull();
    expect(screen.queryByTestId("users-link")).toBeNull();
    expect(screen.queryByTestId("audit-link")).toBeNull();
    expect(screen.queryByTestId("backups-link")).toBeNull();
    expect(screen.queryByTestId("patient-audit-link")).toBeNull();

    const user = userEvent.setup();
    await user.click(screen.getByTestId("search-link"));
    await screen.findByRole("heading", { level: 1, name: "Find sessions" });
    expect(screen.queryByTestId("export-csv")).toBeNull();
    router.navigate(href.users());
    expect(await screen.findByTestId("not-allowed")).toBeInTheDocument();
  });

  it("offers an admin the Settings, Users, Audit and Backups pages, and the patient's audit trail", async () => {
    const { anna, patients } = clinicRecords();
    await renderApp(href.patient(anna.id), clinicBackend({ patients }));
    expect(await screen.findByTestId("patient-audit-link")).toHaveAttribute("href", `#/audit?patient=${anna.id}`);
    expect(screen.getByTestId("open-settings")).toBeInTheDocument();
    expect(screen.getByTestId("users-link")).toHaveAttribute("href", "#/users");
    expect(screen.getByTestId("audit-link")).toHaveAttribute("href", "#/audit");
    expect(screen.getByTestId("backups-link")).toHaveAttribute("href", "#/backups");
  });
});
