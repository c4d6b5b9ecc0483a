// The memory backend's import and exports behave as the app's: a preview with the headers matched
// (and a mapping applied), a check that names missing columns and ambiguous dates and counts what
// would be created, an import that refuses on any error and skips what is already there, progress
// as it goes, batches, audited exports, and admins only.
import { describe, expect, it } from "vitest";
import type { ApiError } from "../../bindings/ApiError";
import type { ImportOptions } from "../../bindings/ImportOptions";
import type { Progress } from "../../bindings/Progress";
import { patientInput } from "../../testing";
import { createMemoryBackend } from "./memory";
import { parseDate } from "./memory-import-read";
import { SAMPLE_FILES } from "./memory-import-sample";

const options = (o: Partial<ImportOptions> = {}): ImportOptions => ({
  encoding: "auto", delimiter: "auto", date_order: "unset", utc_offset_minutes: null, ...o,
});
const surname = { columns: [{ header: "Surname", field: "family_name" }] };

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("expected the call to fail");
}

describe("import (memory backend)", () => {
  it("previews the sample with its headers matched, and applies a mapping", async () => {
    const b = createMemoryBackend();
    const preview = (await b.chooseImportFile("patients", options()))!;
    expect(preview.file).toMatchObject({ name: "patients-export-2024.csv", encoding: "utf8", delimiter: "comma", rows: 6 });
    expect(preview.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(preview.columns.slice(0, 4)).toEqual([
      { header: "Patient ID", field: "mrn" }, { header: "First name", field: "given_name" },
      { header: "Surname", field: null }, { header: "DOB", field: "date_of_birth" },
    ]);
    expect(preview.rows[0]).toEqual({ line: 2, values: SAMPLE_FILES.patients.rows[0] });

    const mapped = await b.previewImport("patients", options(), surname);
    expect(mapped.columns[2]).toEqual({ header: "Surname", field: "family_name" });
    const ignored = await b.previewImport("patients", options(), { columns: [{ header: "DOB", field: "ignore" }] });
    expect(ignored.columns[3]).toEqual({ header: "DOB", field: null });

    const sessions = (await b.chooseImportFile("sessions", options({ encoding: "utf8" })))!;
    expect(sessions.file).toMatchObject({ encoding: "utf8", delimiter: "semicolon" });
    expect(sessions.problems[0]).toMatchObject({ severity: "warning", message: expect.stringContaining("Windows-1252") });
    const oneColumn = await b.previewImport("sessions", options({ delimiter: "comma" }), { columns: [] });
    expect(oneColumn.columns).toHaveLength(1);
  });

  it("names a missing required column and ambiguous dates, then counts what would be created", async () => {
    const b = createMemoryBackend();
    await b.chooseImportFile("patients", options());
    await b.chooseImportFile("sessions", options());
    const first = await b.checkImport(options());
    expect(first.dry_run).toBe(true);
    expect(first.problems.filter((p) => p.severity === "error").map((p) => p.message)).toEqual([
      "The required column family_name is missing.",
      "“03/06/2022” could be 3 June or March 6; set the date order under Options.",
      "“03/06/2022” could be 3 June or March 6; set the date order under Options.",
    ]);
    expect(first.problems[1]).toMatchObject({
      file: "treatments-2019-2024.csv", line: 6, column: "Date", field: "date",
    });

    await b.previewImport("patients", options({ date_order: "day_first" }), surname);
    const ok = await b.checkImport(options({ date_order: "day_first" }));
    expect(ok.problems).toEqual([expect.objectContaining({
      severity: "warning", line: 5, column: "Skin type", message: expect.stringContaining("“7” is not 1 to 6"),
    })]);
    expect(ok.created).toEqual({ patients: 6, sessions: 5, areas: 8, products: 4, reactions: 3 });
    expect(ok.already_present).toEqual({ patients: 0, sessions: 0, areas: 0, products: 0, reactions: 0 });
    expect(ok.files.map((f) => f.name)).toEqual(["patients-export-2024.csv", "treatments-2019-2024.csv"]);
  });

  it("refuses an import with errors whole, keyed by file, line and column", async () => {
    const b = createMemoryBackend();
    await b.chooseImportFile("sessions", options());
    const e = await rejection(b.runImport(options({ date_order: "month_first" })));
    expect(e.code).toBe("Invalid");
    expect(e.fields).toContainEqual({
      field: "treatments-2019-2024.csv:2:Patient ID",
      message: "No patient with ID P-1001 in the patients file or in Dermalog.",
    });
    expect(e.fields).toContainEqual({
      field: "treatments-2019-2024.csv:2:Date", message: "“14/03/2021” is not a date in month-first order.",
    });
    expect(await b.listImportBatches()).toEqual([]);
  });

  it("imports, records the batch, forgets the files, and skips it all the second time", async () => {
    const b = createMemoryBackend({ now: () => new Date("2026-11-20T09:00:00Z") });
    await b.savePatient(patientInput({ given_name: "Maria", family_name: "Lopes", mrn: "P-1001" }));
    const seen: Progress[] = [];
    const stop = await b.onImportProgress((p) => seen.push(p));
    const opts = options({ date_order: "day_first" });
    await b.chooseImportFile("patients", opts);
    await b.previewImport("patients", opts, surname);
    await b.chooseImportFile("sessions", opts);
    const done = await b.runImport(opts);
    expect(done).toMatchObject({ dry_run: false, batch_id: expect.any(String) });
    expect(done.created).toMatchObject({ patients: 5, sessions: 5 });
    expect(done.already_present.patients).toBe(1);
    expect(seen.map((p) => p.phase)).toEqual(expect.arrayContaining(["reading", "checking", "writing", "done"]));
    expect(seen.filter((p) => p.phase === "checking").at(-1)).toEqual({ phase: "checking", done: 14, total: 14 });

    const found = await b.listPatients({ text: "Ferreira", include_archived: false, limit: null });
    expect(found.map((p) => [p.given_name, p.mrn])).toEqual([["João", "P-1002"]]);
    const [batch] = await b.listImportBatches();
    expect(batch).toMatchObject({
      id: done.batch_id, imported_at: "2026-11-20T09:00:00.000Z", created: done.created, skipped: 1,
      patients_sha256: done.files[0].sha256, sessions_sha256: done.files[1].sha256,
    });
    expect((await rejection(b.previewImport("patients", opts, surname))).code).toBe("NotFound");
    const audit = await b.listAudit({ user_id: null, patient_id: null, action: "import", from: null, to: null, offset: 0, limit: 0 });
    expect(audit).toHaveLength(1);

    stop();
    const before = seen.length;
    await b.chooseImportFile("patients", opts);
    await b.previewImport("patients", opts, surname);
    await b.chooseImportFile("sessions", opts);
    const again = await b.checkImport(opts);
    expect(seen).toHaveLength(before);
    expect(again.created).toEqual({ patients: 0, sessions: 0, areas: 0, products: 0, reactions: 0 });
    expect(again.already_present).toMatchObject({ patients: 6, sessions: 5, areas: 8 });
  });

  it("answers null when the dialog is cancelled, and only admins may import", async () => {
    const cancelled = createMemoryBackend({ importFiles: { patients: null } });
    expect(await cancelled.chooseImportFile("patients", options())).toBeNull();
    expect((await rejection(cancelled.checkImport(options()))).code).toBe("NotFound");
    const clinician = createMemoryBackend({ roles: ["clinician"] });
    expect((await rejection(clinician.chooseImportFile("patients", options()))).code).toBe("Forbidden");
    expect((await rejection(clinician.listImportBatches())).code).toBe("Forbidden");
    expect((await rejection(clinician.exportRecords("patients"))).code).toBe("Forbidden");
  });

  it("reads dates in the order set, and refuses ambiguous ones while it is not", () => {
    expect(parseDate("2024-04-03", "unset")).toEqual({ iso: "2024-04-03" });
    expect(parseDate("03/04/2024", "day_first")).toEqual({ iso: "2024-04-03" });
    expect(parseDate("03/04/2024", "month_first")).toEqual({ iso: "2024-03-04" });
    expect(parseDate("13/04/2024", "unset")).toEqual({ iso: "2024-04-13" });
    expect(parseDate("04/04/2024", "unset")).toEqual({ iso: "2024-04-04" });
    expect(parseDate("03/04/2024", "unset")).toEqual({ problem: expect.stringContaining("could be 3 April or March 4") });
    expect(parseDate("31/02/2024", "day_first")).toEqual({ problem: "“31/02/2024” is not a date in day-first order." });
  });
});

describe("exports (memory backend)", () => {
  it("counts rows, resources and sessions, audits each, and answers null when cancelled", async () => {
    const b = createMemoryBackend({ demo: true, now: () => new Date("2026-11-20T09:00:00Z") });
    const patients = await b.listPatients({ text: "", include_archived: true, limit: null });
    const csv = (await b.exportRecords("patients"))!;
    expect(csv).toEqual({ path: "/tmp/dermalog-patients-2026-11-20.csv", rows: patients.length });
    expect((await b.exportRecords("session_areas"))!.rows).toBeGreaterThan(200);
    const one = patients[0];
    const sessions = await b.listPatientSessions(one.id);
    const packet = (await b.exportPatientPacket(one.id))!;
    expect(packet.rows).toBe(sessions.length);
    expect(packet.path).toMatch(/^\/tmp\/dermalog-record-/);
    const fhir = (await b.exportFhir(one.id))!;
    expect(fhir.rows).toBe(1 + sessions.reduce((n, s) => n + 1 + s.areas.length + s.reactions.length, 0));
    expect((await b.exportFhir(null))!.rows).toBeGreaterThan(fhir.rows);
    expect((await rejection(b.exportPatientPacket("nobody"))).code).toBe("NotFound");
    const audit = await b.listAudit({ user_id: null, patient_id: null, action: "export", from: null, to: null, offset: 0, limit: 0 });
    expect(audit).toHaveLength(5);

    const cancelled = createMemoryBackend({ exportCancelled: true });
    expect(await cancelled.exportRecords("reactions")).toBeNull();
    expect(await cancelled.exportFhir(null)).toBeNull();
  });
});
