// The clinic's product catalogue in the session form: what the product name offers, and which
// catalogue entry a typed name is (as the core finds it: trimmed, ignoring case).
import type { CatalogueProduct } from "../bindings/CatalogueProduct";
import type { ProductRole } from "../bindings/ProductRole";

const key = (s: string) => s.trim().normalize("NFC").toLowerCase();

/**
 * Products offered for a row of `role`: the non-archived ones of that kind; with no role
 * chosen, every non-archived product applied to the skin (cartridges are not).
 */
export function catalogueFor(products: CatalogueProduct[], role: ProductRole | ""): CatalogueProduct[] {
  return products.filter((p) => !p.archived && (role === "" ? p.kind !== "cartridge" : p.kind === role));
}

/** The catalogue entry a typed name names, ignoring case and surrounding spaces. */
export function catalogueMatch(products: CatalogueProduct[], name: string): CatalogueProduct | undefined {
  const k = key(name);
  return k === "" ? undefined : products.find((p) => key(p.name) === k);
}
