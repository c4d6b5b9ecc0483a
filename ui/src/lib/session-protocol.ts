// "Start from protocol" on a new session: the protocol's indication, its areas (area, device
// kind and model, depth, passes, pattern) and its serum as a product row, linked to the
// catalogue product it names. Nothing else is chosen or created: lots, speeds, the course and
// the rest of the visit stay as they are.
import type { CatalogueProduct } from "../bindings/CatalogueProduct";
import type { Protocol } from "../bindings/Protocol";
import { catalogueMatch } from "./catalogue";
import { PRODUCT_ROLES } from "./labels";
import { newAreaRow, newProductRow, type SessionDraft } from "./session-form";

const key = (s: string) => s.trim().normalize("NFC").toLowerCase();

/** Whether applying a protocol would replace areas the clinician has already chosen. */
export function replacesAreas(d: SessionDraft): boolean {
  return d.areas.some((a) => a.area_id !== "");
}

/**
 * `d` filled from `protocol`: its areas replace the area rows; its serum is added as a product
 * row (blank product rows go, typed ones stay, a row of that name is not added twice); its
 * indication, when it has one, is the session's.
 */
export function draftFromProtocol(d: SessionDraft, protocol: Protocol, catalogue: CatalogueProduct[]): SessionDraft {
  const areas = protocol.areas.map((a) => ({
    ...newAreaRow(),
    area_id: a.area_id,
    device_kind: a.device_kind,
    device_model_id: a.device_model_id ?? "",
    needle_depth_mm: a.needle_depth_mm,
    passes: a.passes,
    pattern: a.pattern ?? ("" as const),
  }));
  const products = d.products.filter((p) => p.name.trim() !== "");
  if (protocol.serum && !products.some((p) => key(p.name) === key(protocol.serum!))) {
    const match = catalogueMatch(catalogue, protocol.serum);
    const role = PRODUCT_ROLES.find((r) => r.value === match?.kind)?.value ?? "serum";
    products.push({ ...newProductRow(), name: match?.name ?? protocol.serum, product_id: match?.id ?? null, role });
  }
  return {
    ...d,
    indications: protocol.indication ? [protocol.indication] : d.indications,
    areas: areas.length ? areas : d.areas,
    products,
  };
}

/** What was filled, for the form's status line: "3 areas and Hyaluronic acid serum". */
export function filledText(protocol: Protocol): string {
  const areas = `${protocol.areas.length} ${protocol.areas.length === 1 ? "area" : "areas"}`;
  return protocol.serum ? `${areas} and ${protocol.serum}` : areas;
}
