// Field errors from an `Invalid` reply, placed next to their inputs. A field path such as
// `areas[1].needle_depth_mm` names the input `areas-1-needle_depth_mm`; its message is shown
// in `<input id>-error`, which the input points at with aria-describedby.
import type { ApiError } from "../bindings/ApiError";

/**
 * The form-level sentence for a refused save that is not `Invalid`: `lead` ("The session was
 * not saved.") and why. A full disk's message already says that nothing was saved, so it
 * stands alone.
 */
export function notSavedText(e: ApiError, lead: string): string {
  return e.code === "DiskFull" ? e.message : `${lead} ${e.message}`;
}

/** Messages by field path. */
export type FieldErrors = Record<string, string>;

export function collectFieldErrors(e: ApiError): FieldErrors {
  const out: FieldErrors = {};
  for (const f of e.fields) out[f.field] = out[f.field] ? `${out[f.field]} ${f.message}` : f.message;
  return out;
}

/** The input id for a field path: `products[0].lot` → `products-0-lot`. */
export function inputId(path: string): string {
  return path.replace(/\[(\d+)\]\.?/g, "-$1-").replace(/-$/, "");
}

/** aria attributes for an input whose field may have an error. */
export function invalidAttrs(errors: FieldErrors, field: string, id: string = inputId(field)) {
  return errors[field]
    ? { "aria-invalid": "true" as const, "aria-describedby": `${id}-error` }
    : { "aria-invalid": undefined, "aria-describedby": undefined };
}

/** Errors that have no place in the rendered form (shown in the form-level alert instead). */
export function unplacedErrors(root: HTMLElement, errors: FieldErrors): string[] {
  const shown = new Set(
    [...root.querySelectorAll<HTMLElement>("[data-testid^='error-']")].map((el) =>
      (el.dataset.testid ?? "").slice("error-".length),
    ),
  );
  return Object.entries(errors)
    .filter(([field]) => !shown.has(field))
    .map(([, message]) => message);
}

/** Moves focus to the first field marked invalid, in page order. */
export function focusFirstInvalid(root: HTMLElement): void {
  const el = root.querySelector<HTMLElement>("[aria-invalid='true']");
  if (el) {
    el.focus();
    el.scrollIntoView?.({ block: "center" });
  }
}
