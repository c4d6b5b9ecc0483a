// One-line summaries of a stored session's parts, as the history cards and detail page show
// them: "Cheek, left · Derma pen (Generic Roller 1.0 mm) · 1.00 mm · 3 passes".
import type { ProductApplied } from "../bindings/ProductApplied";
import type { Reaction } from "../bindings/Reaction";
import type { TreatedArea } from "../bindings/TreatedArea";
import { deviceLabel, formatDepth, modelLabel, plural, roleLabel, timePointLabel } from "./labels";
import { reference } from "./stores/reference.svelte";

/** The model used: from the clinic's list, else as typed, else "". */
export function modelName(a: Pick<TreatedArea, "device_model_id" | "device_model">): string {
  const listed = reference.deviceModel(a.device_model_id);
  return listed ? modelLabel(listed) : (a.device_model ?? "");
}

export function areaLine(a: TreatedArea): string {
  const model = modelName(a);
  return [
    reference.areaName(a.area_id),
    model ? `${deviceLabel(a.device_kind)} (${model})` : deviceLabel(a.device_kind),
    formatDepth(a.needle_depth_mm),
    plural(a.passes, "pass", "passes"),
  ].join(" · ");
}

export function productLine(p: ProductApplied): string {
  const parts = [`${p.name} (${roleLabel(p.role)})`];
  if (p.lot) parts.push(`lot ${p.lot}`);
  if (p.area_id) parts.push(reference.areaName(p.area_id));
  return parts.join(" · ");
}

/**
 * "2 – mild"; a scale whose labels are the numbers themselves shows just "7". A null scale is
 * the type's default (follow-up reactions in addenda).
 */
export function gradeText(r: Pick<Reaction, "reaction_type_id" | "grade"> & { scale_id: string | null }): string {
  const label = reference.gradeLabel(reference.scaleFor(r.reaction_type_id, r.scale_id), r.grade);
  return label && label !== String(r.grade) ? `${r.grade} – ${label}` : String(r.grade);
}

export function reactionName(r: Pick<Reaction, "reaction_type_id">): string {
  return reference.reactionType(r.reaction_type_id)?.name ?? "Unknown reaction";
}

export function reactionLine(r: Reaction): string {
  const when = [timePointLabel(r.time_point).toLowerCase()];
  if (r.area_id) when.push(reference.areaName(r.area_id));
  return `${reactionName(r)}: ${gradeText(r)} (${when.join(", ")})`;
}
