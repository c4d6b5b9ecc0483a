// The memory backend's port of the core's guidance and reference edits, on both sides of each
// boundary, against the data seeded like migration 0002.
import { describe, expect, it } from "vitest";
import { v7 as uuidv7 } from "uuid";
import type { DeviceModelInput } from "../../bindings/DeviceModelInput";
import type { SessionInput } from "../../bindings/SessionInput";
import type { TreatedAreaInput } from "../../bindings/TreatedAreaInput";
import { patientInput } from "../../testing";
import { createMemoryBackend } from "./memory";

const FOREHEAD = "00000000-0000-7000-8001-000000000001";
const CHEEK_LEFT = "00000000-0000-7000-8001-000000000004";
const PEN_QUARTER = "00000000-0000-7000-8005-000000000002";
const PEN_EVALUATED = "00000000-0000-7000-8005-000000000003";
const ROLLER_1 = "00000000-0000-7000-8005-000000000005";

function area(fields: Partial<TreatedAreaInput> = {}): TreatedAreaInput {
  return {
    id: null, area_id: FOREHEAD, device_kind: "derma_pen", device_model_id: null, device_model: null,
    needle_depth_mm: 0.5, passes: 2, speed_level: null, pattern: null, needle_count: null,
    cartridge_lot: null, endpoint: null, notes: "", ...fields,
  };
}

function session(patientId: string, fields: Partial<SessionInput> = {}): SessionInput {
  return {
    id: uuidv7(), patient_id: patientId, started_at: "2026-11-20T09:00:00+01:00", ended_at: null,
    clinician_name: "Dr. Navarro", indications: [], numbing_product: null, numbing_minutes: null,
    skin_prep: null, pain_score: null, notes: "", aftercare_given: false, next_session_on: null,
    areas: [area()], products: [], reactions: [], overrides: [], course_id: null, ...fields,
  };
}

async function setup(fitzpatrick: number | null = 3) {
  const b = createMemoryBackend({ now: () => new Date("2026-11-21T12:00:00Z") });
  const p = await b.savePatient(patientInput({ fitzpatrick }));
  const codes = async (input: SessionInput) => (await b.checkSession(input)).map((f) => `${f.field} ${f.level} ${f.code}`);
  const depth = (mm: number, fields: Partial<TreatedAreaInput> = {}, more: Partial<SessionInput> = {}) =>
    codes(session(p.id, { areas: [area({ needle_depth_mm: mm, ...fields })], ...more }));
  return { b, p, codes, depth };
}

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { code: string; fields: { field: string; message: string }[] };
  }
  throw new Error("expected the call to fail");
}

describe("memory guidance", () => {
  it("seeds device models, depth guidance and settings like migration 0002", async () => {
    const ref = await createMemoryBackend().getReferenceData();
    expect(ref.device_models.map((d) => d.model)).toEqual([
      "Authorised pen, evaluated to 1.5 mm", "Motorised pen, 0.1 mm steps", "Motorised pen, 0.25 mm steps",
      "Roller 0.5 mm", "Roller 1.0 mm", "Roller 1.5 mm", "RF microneedling handpiece", "Adjustable stamp",
    ]);
    expect(ref.device_models.find((d) => d.id === PEN_EVALUATED)).toMatchObject({
      manufacturer: "Generic", min_depth_mm: 0.25, max_depth_mm: 2.5, depth_step_mm: 0.25, evaluated_max_mm: 1.5,
      speed_levels: 5, needles_per_cartridge: null,
    });
    expect(ref.depth_guidance).toHaveLength(23);
    const forehead = ref.depth_guidance.find((g) => g.area_id === FOREHEAD)!;
    expect(forehead).toMatchObject({
      id: "00000000-0000-7000-8006-000000000002", indication: null, typical_min_mm: 0.25, typical_max_mm: 0.5,
      upper_use_mm: 0.75, source: "Forehead",
    });
    const cheek = ref.depth_guidance.filter((g) => g.area_id === CHEEK_LEFT).map((g) => g.indication);
    expect(cheek).toEqual([null, "acne_scars", "atrophic_scars"]);
    expect(ref.settings).toEqual({ min_interval_days: 28, pih_min_fitzpatrick: 4, pih_depth_mm: 1.5, due_soon_days: 7, clinic_name: "Test clinic", idle_lock_minutes: 15 });
  });

  it("warns outside the area's typical range and above its upper use", async () => {
    const { depth } = await setup();
    expect(await depth(0.25)).toEqual([]);
    expect(await depth(0.24)).toEqual(["areas[0].needle_depth_mm warn depth_below_typical"]);
    expect(await depth(0.5)).toEqual([]);
    expect(await depth(0.51)).toEqual(["areas[0].needle_depth_mm warn depth_above_typical"]);
    expect(await depth(0.75)).toEqual(["areas[0].needle_depth_mm warn depth_above_typical"]);
    expect(await depth(0.76)).toEqual(["areas[0].needle_depth_mm warn depth_above_upper_use"]);
  });

  it("uses the indication's row when the session treats it", async () => {
    const { depth } = await setup();
    expect(await depth(1.25, { area_id: CHEEK_LEFT })).toEqual(["areas[0].needle_depth_mm warn depth_above_typical"]);
    expect(await depth(1.25, { area_id: CHEEK_LEFT }, { indications: ["acne_scars"] })).toEqual([]);
  });

  it("refuses depths the device cannot be set to and warns above the evaluated maximum", async () => {
    const { b, depth } = await setup();
    const pen = { area_id: CHEEK_LEFT, device_model_id: PEN_QUARTER };
    const scars = { indications: ["acne_scars"] };
    expect(await depth(1.25, pen, scars)).toEqual([]);
    expect(await depth(1.3, pen, scars)).toEqual(["areas[0].needle_depth_mm block depth_off_step"]);
    expect(await depth(0.24, pen, scars)).toContain("areas[0].needle_depth_mm block depth_below_device");
    expect(await depth(2.6, pen, scars)).toContain("areas[0].needle_depth_mm block depth_above_device");
    const evaluated = { area_id: CHEEK_LEFT, device_model_id: PEN_EVALUATED };
    expect(await depth(1.5, evaluated, scars)).toEqual([]);
    expect(await depth(1.75, evaluated, scars)).toEqual([
      "areas[0].needle_depth_mm warn depth_above_evaluated", "areas[0].needle_depth_mm warn depth_above_typical",
    ]);
    const p = (await b.listPatients({ text: "", include_archived: false, limit: null }))[0];
    const [off] = await b.checkSession(session(p.id, { areas: [area({ needle_depth_mm: 0.6, device_model_id: PEN_QUARTER })] }))
      .then((f) => f.filter((x) => x.code === "depth_off_step"));
    expect(off.message).toBe("Not a setting of this device (0.25 mm steps from 0.25 mm): use 0.5 mm or 0.75 mm.");
  });

  it("warns of PIH risk for darker skin deeper than the configured depth", async () => {
    const dark = await setup(4);
    const scars = { indications: ["acne_scars"] };
    expect(await dark.depth(1.5, { area_id: CHEEK_LEFT }, scars)).toEqual([]);
    expect(await dark.depth(1.51, { area_id: CHEEK_LEFT }, scars)).toContain("areas[0].needle_depth_mm warn pih_risk");
    const light = await setup(3);
    expect(await light.depth(1.75, { area_id: CHEEK_LEFT }, scars)).not.toContain("areas[0].needle_depth_mm warn pih_risk");
  });

  it("refuses a lot that expired before the session's own date, not on it", async () => {
    const { codes, p } = await setup();
    const product = (expiry_on: string) => ({
      id: null, product_id: null, name: "HA serum", role: "serum" as const, lot: "L1", expiry_on, amount: null, area_id: null,
    });
    expect(await codes(session(p.id, { products: [product("2026-11-20")] }))).toEqual([]);
    expect(await codes(session(p.id, { products: [product("2026-11-19")] })))
      .toEqual(["products[0].expiry_on block lot_expired"]);
    // 23:30 on 31 Dec in New York is already 1 Jan in UTC: the clinic's day is 31 Dec.
    const late = session(p.id, { started_at: "2025-12-31T23:30:00-05:00", products: [product("2025-12-31")] });
    expect(await codes(late)).toEqual([]);
  });

  it("warns when the same area was treated less than the minimum interval apart", async () => {
    const { b, p } = await setup();
    await b.saveSession(session(p.id, { started_at: "2026-10-01T09:00:00Z" }));
    const interval = async (day: string) =>
      (await b.checkSession(session(p.id, { started_at: `${day}T09:00:00Z` })))
        .filter((f) => f.code === "interval_short");
    expect((await interval("2026-10-28")).map((f) => f.field)).toEqual(["areas[0].area_id"]);
    expect(await interval("2026-10-29")).toEqual([]);
    expect((await interval("2026-10-15"))[0].message).toBe(
      "Forehead was also treated 14 days before this session (on 1 Oct 2026); the clinic's minimum interval is 28 days.",
    );
    expect((await interval("2026-09-10"))[0].message).toContain("21 days after");
    // Full face includes the forehead: they overlap; the left cheek does not.
    const onArea = async (areaId: string) =>
      (await b.checkSession(session(p.id, { started_at: "2026-10-10T09:00:00Z", areas: [area({ area_id: areaId, needle_depth_mm: 1 })] })))
        .filter((f) => f.code === "interval_short");
    expect(await onArea("00000000-0000-7000-8001-000000000009")).toHaveLength(1);
    expect(await onArea(CHEEK_LEFT)).toEqual([]);
    await b.saveSettings({ min_interval_days: 14, pih_min_fitzpatrick: 4, pih_depth_mm: 1.5, due_soon_days: 7, clinic_name: "Test clinic", idle_lock_minutes: 15 });
    expect(await interval("2026-10-15")).toEqual([]);
  });

  it("saves warnings but refuses blocks and models of another kind, as field errors", async () => {
    const { b, p } = await setup();
    await b.saveSession(session(p.id, { areas: [area({ needle_depth_mm: 0.6 })] }));
    const off = await rejection(b.saveSession(session(p.id, { areas: [area({ needle_depth_mm: 0.6, device_model_id: PEN_QUARTER })] })));
    expect(off.code).toBe("Invalid");
    expect(off.fields.map((f) => f.field)).toEqual(["areas[0].needle_depth_mm"]);
    const roller = await rejection(b.saveSession(session(p.id, { areas: [area({ device_model_id: ROLLER_1 })] })));
    expect(roller.fields.map((f) => f.field)).toEqual(["areas[0].device_model_id"]);
    const saved = await b.saveSession(session(p.id, { areas: [area({ needle_depth_mm: 0.75, device_model_id: PEN_QUARTER })] }));
    expect(saved.areas[0].device_model_id).toBe(PEN_QUARTER);
  });

  it("validates device models, guidance and settings like the core", async () => {
    const b = createMemoryBackend();
    const model: DeviceModelInput = {
      id: uuidv7(), kind: "derma_pen", manufacturer: "Acme", model: "P1", min_depth_mm: 1, max_depth_mm: 0.5,
      depth_step_mm: null, evaluated_max_mm: null, speed_levels: 21, needles_per_cartridge: null, note: "", archived: false,
    };
    const bad = await rejection(b.saveDeviceModel(model));
    expect(bad.fields.map((f) => f.field)).toEqual(["max_depth_mm", "speed_levels"]);
    expect(bad.fields[0].message).toBe("Maximum depth cannot be less than the minimum.");
    const dup = await rejection(b.saveDeviceModel({ ...model, manufacturer: "Generic", model: "Roller 0.5 mm", max_depth_mm: 1, speed_levels: null }));
    expect(dup.fields).toEqual([{ field: "model", message: "This manufacturer already has a model of that name." }]);
    const saved = await b.saveDeviceModel({ ...model, max_depth_mm: 2, speed_levels: 6 });
    expect((await b.getReferenceData()).device_models.find((d) => d.id === saved.id)?.model).toBe("P1");

    const row = { id: uuidv7(), area_id: FOREHEAD, indication: null, typical_min_mm: 0.3, typical_max_mm: 0.6, upper_use_mm: 0.5, source: "" };
    expect((await rejection(b.saveDepthGuidance(row))).fields.map((f) => f.field)).toEqual(["upper_use_mm"]);
    expect((await rejection(b.saveDepthGuidance({ ...row, upper_use_mm: 0.8 }))).fields.map((f) => f.field))
      .toEqual(["indication"]);
    expect((await rejection(b.saveSettings({ min_interval_days: 400, pih_min_fitzpatrick: 4, pih_depth_mm: 0, due_soon_days: 7, clinic_name: "Test clinic", idle_lock_minutes: 15 })))
      .fields.map((f) => f.field)).toEqual(["min_interval_days", "pih_depth_mm"]);
  });
});
