import { describe, expect, it } from "vitest";
import { v7 as uuidv7 } from "uuid";
import type { SessionInput } from "../../bindings/SessionInput";
import { patientInput } from "../../testing";
import { isApiError } from "./backend";
import { createMemoryBackend } from "./memory";

const CHEEK_LEFT = "00000000-0000-7000-8001-000000000004";

function sessionInput(patientId: string, fields: Partial<SessionInput> = {}): SessionInput {
  return {
    id: uuidv7(), patient_id: patientId, started_at: "2026-01-10T09:30:00+01:00", ended_at: null,
    clinician_name: "Dr. Navarro", indications: [], numbing_product: null, numbing_minutes: null,
    skin_prep: null, pain_score: null, notes: "", aftercare_given: false, next_session_on: null,
    areas: [{
      id: null, area_id: CHEEK_LEFT, device_kind: "derma_pen", device_model_id: null, device_model: null, needle_depth_mm: 1.5,
      passes: 3, speed_level: null, pattern: null, needle_count: null, cartridge_lot: null,
      endpoint: null, notes: "",
    }],
    products: [], reactions: [], overrides: [], course_id: null, ...fields,
  };
}

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

describe("memory backend", () => {
  it("seeds the same reference data as migration 0001", async () => {
    const ref = await createMemoryBackend().getReferenceData();
    expect(ref.areas).toHaveLength(18);
    expect(ref.areas[3]).toMatchObject({ id: CHEEK_LEFT, code: "cheek_left", name: "Cheek, left" });
    const erythema = ref.reaction_types.find((t) => t.code === "erythema")!;
    const cea = ref.reaction_scales.find((s) => s.id === erythema.default_scale_id)!;
    expect(cea.code).toBe("cea");
    expect(cea.labels[2]).toBe("mild");
    expect(ref.indications.find((i) => i.code === "raised_scars")?.responds).toBe(false);
  });

  it("searches by name prefixes per word, MRN and date of birth", async () => {
    const b = createMemoryBackend();
    await b.savePatient(patientInput({ given_name: "Anna Maria", family_name: "Berg", mrn: "DL-7" }));
    await b.savePatient(patientInput({ given_name: "Bernd", family_name: "Albers", date_of_birth: "1970-01-31" }));
    const names = async (text: string) =>
      (await b.listPatients({ text, include_archived: false, limit: null })).map((p) => p.given_name);
    // Family-name matches first (Berg), then given-name matches (Bernd Albers), as the core.
    expect(await names("ber")).toEqual(["Anna Maria", "Bernd"]);
    expect(await names("BERG ann")).toEqual(["Anna Maria"]);
    expect(await names("berg mar")).toEqual(["Anna Maria"]);
    expect(await names("dl-7")).toEqual(["Anna Maria"]);
    expect(await names("1970-01-31")).toEqual(["Bernd"]);
    expect(await names("31.01.1970")).toEqual(["Bernd"]);
    expect(await names("erg")).toEqual([]);
  });

  it("reports field paths like the core", async () => {
    const b = createMemoryBackend();
    const e = await rejection(b.savePatient(patientInput({ family_name: " ", date_of_birth: "2023-02-29", sex_at_birth: null })));
    expect(isApiError(e, "Invalid")).toBe(true);
    const fields = (e as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(["family_name", "date_of_birth", "sex_at_birth"]);

    const p = await b.savePatient(patientInput());
    const bad = sessionInput(p.id, {
      pain_score: 11,
      areas: [{ ...sessionInput(p.id).areas[0], needle_depth_mm: 5 }, { ...sessionInput(p.id).areas[0], passes: null, needle_depth_mm: 0.255 }],
      reactions: [{ id: null, reaction_type_id: null, scale_id: null, grade: null, time_point: null, area_id: null, note: "" }],
    });
    const se = (await rejection(b.saveSession(bad))) as { fields: { field: string }[] };
    expect(se.fields.map((f) => f.field)).toEqual([
      "pain_score", "areas[0].needle_depth_mm", "areas[1].needle_depth_mm", "areas[1].passes",
      "reactions[0].reaction_type_id", "reactions[0].grade", "reactions[0].time_point",
    ]);
    const none = (await rejection(b.saveSession(sessionInput(p.id, { areas: [] })))) as { fields: { field: string }[] };
    expect(none.fields.map((f) => f.field)).toEqual(["areas"]);
  });

  it("saves a retried session once and stores times in UTC", async () => {
    const b = createMemoryBackend();
    const p = await b.savePatient(patientInput());
    const input = sessionInput(p.id);
    await b.saveSession(input);
    const again = await b.saveSession(input);
    expect(again.started_at).toBe("2026-01-10T08:30:00.000Z");
    expect(await b.listPatientSessions(p.id)).toHaveLength(1);
  });

  it("refuses sessions for archived patients and products on untreated areas", async () => {
    const b = createMemoryBackend();
    const p = await b.savePatient(patientInput());
    const wrongArea = sessionInput(p.id, {
      products: [{ id: null, product_id: null, name: "PRP", role: "serum", lot: null, expiry_on: null, amount: null, area_id: "00000000-0000-7000-8001-000000000001" }],
    });
    const e = (await rejection(b.saveSession(wrongArea))) as { fields: { field: string }[] };
    expect(e.fields.map((f) => f.field)).toEqual(["products[0].area_id"]);
    await b.archivePatient(p.id);
    const archived = (await rejection(b.saveSession(sessionInput(p.id)))) as { fields: { field: string }[] };
    expect(archived.fields[0].field).toBe("patient_id");
  });

  it("fails every data call while reporting a start-up problem", async () => {
    const b = createMemoryBackend({ problem: { code: "Corrupt", message: "Damaged." } });
    expect((await b.getStartupStatus()).problem?.code).toBe("Corrupt");
    expect(isApiError(await rejection(b.getReferenceData()), "DatabaseUnavailable")).toBe(true);
  });

  it("refuses every save whole with DiskFull once the disk is full", async () => {
    const opts = { diskFull: false };
    const b = createMemoryBackend(opts);
    const p = await b.savePatient(patientInput({ family_name: "Berg" }));
    opts.diskFull = true;
    expect(await rejection(b.savePatient({ ...patientInput(), id: p.id, family_name: "Holm" }))).toEqual({
      code: "DiskFull", fields: [],
      message: "The disk is full, so this was not saved. Nothing already saved is affected. Free some space, then try again.",
    });
    expect(await rejection(b.saveSession(sessionInput(p.id)))).toMatchObject({ code: "DiskFull" });
    expect((await b.getPatient(p.id)).family_name).toBe("Berg");
    expect(await b.listPatientSessions(p.id)).toEqual([]);
    opts.diskFull = false;
    expect((await b.savePatient({ ...patientInput(), id: p.id, family_name: "Holm" })).family_name).toBe("Holm");
  });

  it("builds a demo clinic with a 200+ session history", async () => {
    const b = createMemoryBackend({ demo: true });
    const list = await b.listPatients({ text: "", include_archived: true, limit: null });
    const long = list.find((p) => p.session_count > 200);
    expect(long?.family_name.length).toBeGreaterThan(30);
    const sessions = await b.listPatientSessions(long!.id);
    expect(sessions[0].started_at > sessions[1].started_at).toBe(true);

    const recent = await b.listRecentSessions(long!.id, 6);
    expect(recent.total).toBe(sessions.length);
    expect(recent.sessions).toEqual(sessions.slice(0, 6));
    for (const limit of [0, 51, 2.5]) {
      await expect(b.listRecentSessions(long!.id, limit)).rejects.toMatchObject(
        { code: "Invalid", fields: [{ field: "limit" }] });
    }
  });
});
