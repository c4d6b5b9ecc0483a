// The import page (admins): a chosen file's preview with its column mapping, the missing required
// fields, options that read the files again, a check with its summary and problems, an import
// offered only after a current check without errors, progress as it goes, the done panel and the
// past imports; refused rows as problems; no page or link for other roles.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Problem } from "../../bindings/Problem";
import type { Progress } from "../../bindings/Progress";
import { createMemoryBackend } from "../../lib/api/memory";
import { href } from "../../lib/router.svelte";
import { renderApp } from "../../testing";
import ImportProblems from "./ImportProblems.svelte";

const defaults = { encoding: "auto", delimiter: "auto", date_order: "unset", utc_offset_minutes: null };

/** Chooses both sample files on the open import page. */
async function chooseBoth(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId("import-choose-patients"));
  await screen.findByTestId("import-preview-patients");
  await user.click(screen.getByTestId("import-choose-sessions"));
  await screen.findByTestId("import-preview-sessions");
}

/** Maps "Surname", sets day-first dates and checks: the samples then have no error. */
async function fixAndCheck(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(screen.getByTestId("import-map-patients-2"), "family_name");
  await waitFor(() => expect(screen.queryByTestId("import-missing-patients")).toBeNull());
  await user.click(screen.getByLabelText(/^Day first/));
  await waitFor(() => expect(screen.getByTestId("import-check")).toBeEnabled());
  await user.click(screen.getByTestId("import-check"));
  await waitFor(() => expect(screen.getByTestId("import-summary")).toHaveTextContent("Would create 6 patients"));
}

describe("import page", () => {
  it("previews a chosen file, maps its columns and names the required fields missing", async () => {
    const { backend } = await renderApp("#/");
    const preview = vi.spyOn(backend, "previewImport");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("import-link"));
    expect(await screen.findByRole("heading", { level: 1, name: "Import" })).toBeInTheDocument();
    expect(screen.getByTestId("import-check")).toBeDisabled();

    await user.click(screen.getByTestId("import-choose-patients"));
    const table = await screen.findByTestId("import-preview-patients");
    expect(screen.getByTestId("import-facts-patients")).toHaveTextContent("patients-export-2024.csv UTF-8, comma-separated, 6 rows");
    expect(within(table).getAllByRole("row")).toHaveLength(7);
    expect(within(table).getAllByRole("row")[1]).toHaveTextContent("Maria");
    const surname = screen.getByTestId<HTMLSelectElement>("import-map-patients-2");
    expect(surname).toHaveAccessibleName("Field for column “Surname”");
    expect(surname.value).toBe("ignore");
    expect(screen.getByTestId<HTMLSelectElement>("import-map-patients-1").value).toBe("given_name");
    expect([...surname.options].map((o) => o.textContent)).toEqual(expect.arrayContaining(
      ["Don't import", "given_name *", "family_name *", "phone"]));
    expect(screen.getByTestId("import-missing-patients")).toHaveTextContent("family_name");
    expect(screen.getByTestId("import-expected-patients")).toHaveTextContent("Given (first) name.");
    expect(screen.getByTestId("import-check")).toBeEnabled();

    await user.selectOptions(surname, "family_name");
    await waitFor(() => expect(preview).toHaveBeenCalledWith("patients", defaults,
      { columns: [{ header: "Surname", field: "family_name" }] }));
    await waitFor(() => expect(screen.queryByTestId("import-missing-patients")).toBeNull());
    await user.selectOptions(screen.getByTestId("import-map-patients-3"), "ignore");
    await waitFor(() => expect(preview).toHaveBeenLastCalledWith("patients", defaults, {
      columns: [{ header: "Surname", field: "family_name" }, { header: "DOB", field: "ignore" }],
    }));
    await waitFor(() => expect(screen.getByTestId("import-missing-patients")).toHaveTextContent("date_of_birth"));

    await user.click(screen.getByTestId("import-forget-patients"));
    await waitFor(() => expect(screen.queryByTestId("import-preview-patients")).toBeNull());
    expect(screen.getByTestId("import-choose-patients")).toHaveFocus();
  });

  it("reads the chosen files again when an option changes", async () => {
    const { backend } = await renderApp(href.importData());
    const preview = vi.spyOn(backend, "previewImport");
    const user = userEvent.setup();
    await chooseBoth(user);
    await user.selectOptions(screen.getByTestId("import-delimiter"), "comma");
    await waitFor(() => expect(preview).toHaveBeenCalledTimes(2));
    expect(preview).toHaveBeenCalledWith("sessions", { ...defaults, delimiter: "comma" }, { columns: [] });
    await waitFor(() => expect(screen.getByTestId("import-facts-sessions")).toHaveTextContent("comma-separated"));
    await waitFor(() => expect(screen.getByTestId("import-missing-sessions")).toHaveTextContent("patient_mrn"));

    await user.click(screen.getByTestId("import-tz-offset"));
    const hours = screen.getByTestId("import-tz-hours");
    await user.clear(hours);
    await user.type(hours, "5.5");
    await user.tab();
    await waitFor(() => expect(preview).toHaveBeenLastCalledWith("sessions",
      { ...defaults, delimiter: "comma", utc_offset_minutes: 330 }, { columns: [] }));
  });

  it("checks, lists the problems errors first, and offers the import only once a current check has none", async () => {
    const { backend } = await renderApp(href.importData());
    const check = vi.spyOn(backend, "checkImport");
    const user = userEvent.setup();
    await chooseBoth(user);
    await user.click(screen.getByTestId("import-check"));
    const summary = await screen.findByTestId("import-summary");
    expect(check).toHaveBeenCalledWith(defaults);
    expect(summary).toHaveTextContent("3 errors to fix before importing");
    const rows = screen.getAllByTestId("import-problem");
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getAllByRole("cell").map((c) => c.textContent?.trim())).toEqual([
      "✖︎ Error", "patients-export-2024.csv", "—", "family_name", "The required column family_name is missing.",
    ]);
    expect(rows[1]).toHaveTextContent("treatments-2019-2024.csv6Date");
    expect(screen.getByTestId("import-run")).toBeDisabled();

    await fixAndCheck(user);
    expect(screen.getByTestId("import-summary")).toHaveTextContent(
      "Would create 6 patients, 5 sessions (8 areas, 4 products, 3 reactions); 0 patients and 0 sessions already imported.");
    expect(screen.getByTestId("import-summary")).toHaveTextContent("No errors; 1 warning");
    expect(screen.getAllByTestId("import-problem")).toHaveLength(1);
    expect(screen.getByTestId("import-problem")).toHaveTextContent("Warning");
    const run = screen.getByTestId("import-run");
    expect(run).toBeEnabled();
    expect(run).toHaveTextContent("Import 6 patients and 5 sessions");

    await user.click(screen.getByTestId("import-filter-warnings"));
    expect(screen.queryAllByTestId("import-problem")).toHaveLength(0);

    // Any change makes the check stale.
    await user.selectOptions(screen.getByTestId("import-map-patients-8"), "ignore");
    expect(await screen.findByTestId("import-stale")).toBeInTheDocument();
    expect(screen.getByTestId("import-run")).toBeDisabled();
  });

  it("shows the progress reported while checking", async () => {
    const b = createMemoryBackend();
    let listener: ((p: Progress) => void) | null = null;
    const stop = vi.fn();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    await renderApp(href.importData(), {
      ...b,
      onImportProgress: async (l) => ((listener = l), stop),
      checkImport: async (o) => (await gate, b.checkImport(o)),
    });
    const user = userEvent.setup();
    await chooseBoth(user);
    await user.click(screen.getByTestId("import-check"));
    expect(await screen.findByTestId("import-progress")).toBeInTheDocument();
    expect(screen.getByTestId("import-check")).toHaveTextContent("Checking…");
    await waitFor(() => expect(listener).not.toBeNull());
    listener!({ phase: "checking", done: 3, total: 14 });
    await waitFor(() => expect(screen.getByTestId<HTMLProgressElement>("import-progress").value).toBe(3));
    expect(screen.getByTestId<HTMLProgressElement>("import-progress").max).toBe(14);
    expect(screen.getByTestId("import-progress")).toHaveAccessibleName("Checking rows: 3 / 14");
    listener!({ phase: "checking", done: 14, total: 14 });
    await waitFor(() => expect(screen.getByLabelText("Checking rows: 14 / 14")).toBeInTheDocument());
    release();
    await screen.findByTestId("import-summary");
    await waitFor(() => expect(screen.queryByTestId("import-progress")).toBeNull());
    expect(stop).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("import-check")).toHaveTextContent("Check files");
  });

  it("imports, then shows the batch, clears the files and lists the import", async () => {
    const { backend } = await renderApp(href.importData());
    const user = userEvent.setup();
    expect(await screen.findByTestId("import-batches-empty")).toHaveTextContent("No import yet.");
    await chooseBoth(user);
    await fixAndCheck(user);
    await user.click(screen.getByTestId("import-run"));
    const done = await screen.findByTestId("import-done");
    const [batch] = await backend.listImportBatches();
    expect(done).toHaveTextContent(
      `Imported 6 patients and 5 sessions (8 areas, 4 products, 3 reactions) (batch ${batch.id.slice(0, 8)}).`);
    expect(done).toHaveFocus();
    expect(screen.queryByTestId("import-preview-patients")).toBeNull();
    expect(screen.queryByTestId("import-preview-sessions")).toBeNull();
    expect(screen.queryByTestId("import-summary")).toBeNull();
    expect(screen.getByTestId("import-run")).toBeDisabled();
    const row = await screen.findByTestId("import-batch");
    expect(row).toHaveTextContent("Dr Ana Silva");
    expect(within(row).getAllByRole("cell").slice(2).map((c) => c.textContent)).toEqual(
      [batch.id.slice(0, 8), "6", "5", "8", "4", "3", "0"]);
    await waitFor(() => expect(screen.getAllByTestId("patient-row")).toHaveLength(6));
  });

  it("lists the rows an import refused, and asks for a new check", async () => {
    const b = createMemoryBackend();
    const refused = {
      code: "Invalid", message: "Some rows need attention; nothing was imported.",
      fields: [{ field: "treatments.csv:12:Time: start", message: "“25:00” is not a time." }],
    };
    await renderApp(href.importData(), { ...b, runImport: () => Promise.reject(refused) });
    const user = userEvent.setup();
    await chooseBoth(user);
    await fixAndCheck(user);
    await user.click(screen.getByTestId("import-run"));
    expect(await screen.findByTestId("import-refused")).toHaveTextContent("Nothing was imported: 1 row was refused.");
    const row = screen.getByTestId("import-problem");
    expect(within(row).getAllByRole("cell").map((c) => c.textContent?.trim())).toEqual([
      "✖︎ Error", "treatments.csv", "12", "Time: start", "“25:00” is not a time.",
    ]);
    expect(screen.queryByTestId("import-done")).toBeNull();
    expect(screen.getByTestId("import-run")).toBeDisabled();
    expect(screen.getByTestId("import-preview-patients")).toBeInTheDocument();
  });

  it("offers a non-admin no link, and the not-allowed page for #/import and #/export", async () => {
    await renderApp(href.importData(), { roles: ["clinician"] });
    expect(await screen.findByTestId("not-allowed")).toHaveTextContent("needs the admin role");
    expect(screen.queryByTestId("import-link")).toBeNull();
    expect(screen.queryByTestId("export-link")).toBeNull();
    expect(screen.queryByTestId("import-choose-patients")).toBeNull();
  });
});

describe("import problems list", () => {
  const problem = (severity: Problem["severity"], line: number): Problem => ({
    severity, file: "patients.csv", line, column: "DOB", field: "date_of_birth", message: `Problem on line ${line}`,
  });

  it("puts errors first, shows at most 500 and counts the rest, and filters by severity", async () => {
    const problems = [
      ...Array.from({ length: 5 }, (_, i) => problem("warning", i + 2)),
      ...Array.from({ length: 510 }, (_, i) => problem("error", i + 10)),
    ];
    render(ImportProblems, { props: { problems } });
    const rows = screen.getAllByTestId("import-problem");
    expect(rows).toHaveLength(500);
    expect(rows[0]).toHaveTextContent("Error");
    expect(rows[0]).toHaveTextContent("Problem on line 10");
    expect(screen.getByTestId("import-problems-more")).toHaveTextContent("and 15 more — fix these first");
    expect(screen.getByLabelText("Errors (510)")).toBeChecked();

    const user = userEvent.setup();
    await user.click(screen.getByTestId("import-filter-errors"));
    expect(screen.getAllByTestId("import-problem")).toHaveLength(5);
    expect(screen.getAllByTestId("import-problem")[0]).toHaveTextContent("Warning");
    expect(screen.queryByTestId("import-problems-more")).toBeNull();
  });
});
