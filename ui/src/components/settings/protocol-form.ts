// A protocol template being edited (what the inputs bind to: "" for nothing chosen, numbers as
// typed) and its conversion to the backend's input. What the form can tell by itself (a name,
// an area, a whole number of sessions…) is checked here first; the rest (ranges, a depth the
// core accepts, a name already taken) comes back from the backend by field.
import type { DeviceKind } from "../../bindings/DeviceKind";
import type { NeedlePattern } from "../../bindings/NeedlePattern";
import type { Protocol } from "../../bindings/Protocol";
import type { ProtocolInput } from "../../bindings/ProtocolInput";
import type { FieldErrors } from "../../lib/field-errors";
import { deviceLabel, formatMm, modelLabel } from "../../lib/labels";
import { reference } from "../../lib/stores/reference.svelte";

type Num = number | null;

export interface ProtocolAreaDraft {
  /** A key for the keyed each-block; not sent. */
  key: string;
  area_id: string;
  device_kind: DeviceKind;
  /** "" = no particular model. */
  device_model_id: string;
  needle_depth_mm: Num;
  passes: Num;
  pattern: NeedlePattern | "";
}

export interface ProtocolDraft {
  id: string;
  name: string;
  /** Indication code; "" = none. */
  indication: string;
  target_sessions: Num;
  interval_days: Num;
  serum: string;
  areas: ProtocolAreaDraft[];
  note: string;
  archived: boolean;
}

let keys = 0;
const key = () => `protocol-area-${++keys}`;

/** A new area row; device settings are copied from `above`. */
export function protocolAreaDraft(above?: ProtocolAreaDraft): ProtocolAreaDraft {
  return {
    key: key(), area_id: "", device_kind: above?.device_kind ?? "derma_pen",
    device_model_id: above?.device_model_id ?? "", needle_depth_mm: null, passes: above?.passes ?? null,
    pattern: above?.pattern ?? "",
  };
}

export function protocolDraft(id: string, p?: Protocol): ProtocolDraft {
  if (!p) {
    return {
      id, name: "", indication: "", target_sessions: 6, interval_days: 28, serum: "", areas: [protocolAreaDraft()],
      note: "", archived: false,
    };
  }
  return {
    id: p.id, name: p.name, indication: p.indication ?? "", target_sessions: p.target_sessions,
    interval_days: p.interval_days, serum: p.serum ?? "", note: p.note, archived: p.archived,
    areas: p.areas.map((a) => ({
      key: key(), area_id: a.area_id, device_kind: a.device_kind, device_model_id: a.device_model_id ?? "",
      needle_depth_mm: a.needle_depth_mm, passes: a.passes, pattern: a.pattern ?? "",
    })),
  };
}

const num = (v: unknown): Num =>
  v === null || v === undefined || v === "" || Number.isNaN(Number(v)) ? null : Number(v);

/**
 * The input for a draft, and the problems the form can see by itself (`local`). A draft with
 * local problems is not sent: an empty or fractional count has no value the backend could
 * store.
 */
export function protocolInput(d: ProtocolDraft): { input: ProtocolInput; local: FieldErrors } {
  const local: FieldErrors = {};
  const count = (field: string, label: string, v: unknown): number => {
    const n = num(v);
    if (n === null) local[field] = `${label} is required.`;
    else if (!Number.isInteger(n)) local[field] = `${label} must be a whole number.`;
    return n !== null && Number.isInteger(n) ? n : 0;
  };
  if (!d.name.trim()) local.name = "Name the protocol.";
  if (d.areas.length === 0) local.areas = "Add at least one area.";
  const input: ProtocolInput = {
    id: d.id, name: d.name, indication: d.indication || null,
    target_sessions: count("target_sessions", "Sessions", d.target_sessions),
    interval_days: count("interval_days", "Days between sessions", d.interval_days),
    serum: d.serum.trim() || null,
    areas: d.areas.map((a, i) => {
      if (!a.area_id) local[`areas[${i}].area_id`] = "Choose the area.";
      const depth = num(a.needle_depth_mm);
      if (depth === null) local[`areas[${i}].needle_depth_mm`] = "Depth is required.";
      return {
        area_id: a.area_id, device_kind: a.device_kind, device_model_id: a.device_model_id || null,
        needle_depth_mm: depth ?? 0, passes: count(`areas[${i}].passes`, "Passes", a.passes),
        pattern: a.pattern || null,
      };
    }),
    note: d.note, archived: d.archived,
  };
  return { input, local };
}

/** "Cheek, left 1.5 mm" for the table. */
export const protocolAreaText = (a: Protocol["areas"][number]) =>
  `${reference.areaName(a.area_id)} ${formatMm(a.needle_depth_mm)}`;

/** The model ("Generic Pen 0.25"), else the kind ("Derma pen"). */
export function protocolDeviceText(a: Protocol["areas"][number]): string {
  const model = reference.deviceModel(a.device_model_id);
  return model ? modelLabel(model) : deviceLabel(a.device_kind);
}
