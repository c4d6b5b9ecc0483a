// Enter in the session form. It never submits (Ctrl+S saves) and never acts in the notes
// textarea, on a select (a select's own keys pick and open it) or on a button. In a field one
// types in, Enter moves on to the next field like Tab (checkboxes are skipped); in the last
// field of a section's last row (area notes, product amount, reaction note) it adds a row and
// puts the cursor in the row's first field. Enter in an empty field of an untouched last row
// (one Enter or "Add …" just made) means "done with this section": that row goes and the next
// section gets a row (areas → products → reactions; after reactions, "Add reaction" is
// focused). The only area row is never removed this way.
import { tick } from "svelte";
import {
  newAreaRow, newProductRow, newReactionRow, type AreaRow, type ProductRow, type ReactionRow, type SessionDraft,
} from "./session-form";

export type Section = "areas" | "products" | "reactions";

/** The field whose Enter adds a row, when the row is the section's last. */
const LAST: Record<Section, string> = { areas: "notes", products: "amount", reactions: "note" };
/** Where the cursor goes in a new row. */
const FIRST: Record<Section, string> = { areas: "area_id", products: "name", reactions: "reaction_type_id" };
const AFTER: Record<Section, Section | null> = { areas: "products", products: "reactions", reactions: null };

const ROW_INPUT = /^(areas|products|reactions)-(\d+)-(\w+)$/;
/** Inputs one types in: Enter moves on from these (and selects the next one's text, like Tab). */
const TYPED = new Set(["text", "number", "date", "datetime-local", "time", "search", "tel", "email", "url"]);
const FIELDS = "input:not([type='hidden']):not([type='checkbox']):not([type='radio']), select, textarea";

export type EnterStep =
  | { kind: "none" }
  | { kind: "next" }
  | { kind: "add"; section: Section }
  | { kind: "leave"; section: Section; index: number };

/** Nothing typed or chosen yet (an area's copied device settings and a reaction's "when" don't count). */
export function isBlankRow(section: Section, row: AreaRow | ProductRow | ReactionRow): boolean {
  if (section === "areas") {
    const a = row as AreaRow;
    return !a.area_id && a.needle_depth_mm === null && a.speed_level === null && !a.endpoint && !a.notes;
  }
  if (section === "products") {
    const p = row as ProductRow;
    return !p.name && !p.role && !p.lot && !p.expiry_on && !p.amount && !p.area_id;
  }
  const r = row as ReactionRow;
  return !r.reaction_type_id && !r.grade && !r.area_id && !r.note;
}

/** What Enter in `input` does, given the draft the form shows. */
export function enterStep(input: HTMLInputElement, draft: SessionDraft): EnterStep {
  if (!TYPED.has(input.type)) return { kind: "none" };
  const m = ROW_INPUT.exec(input.id);
  if (!m) return { kind: "next" };
  const section = m[1] as Section;
  const index = Number(m[2]);
  const rows = draft[section];
  if (index !== rows.length - 1) return { kind: "next" };
  const canLeave = section !== "areas" || rows.length > 1;
  if (canLeave && input.value === "" && isBlankRow(section, rows[index])) return { kind: "leave", section, index };
  return m[3] === LAST[section] ? { kind: "add", section } : { kind: "next" };
}

/** Focuses a field as Tab would: a text field's content is selected, so typing replaces it. */
export function focusField(el: HTMLElement | null | undefined, preventScroll = false): void {
  if (!el) return;
  el.focus({ preventScroll });
  if (el instanceof HTMLInputElement && TYPED.has(el.type)) {
    try {
      el.select();
    } catch {
      // Some input types have no selection; the cursor is there all the same.
    }
  }
}

/** The next enabled field after `from` in tab order (document order: no positive tabindex here). */
function nextField(from: HTMLElement, root: HTMLElement): HTMLElement | undefined {
  const fields = [...root.querySelectorAll<HTMLInputElement>(FIELDS)].filter((el) => !el.disabled && el.tabIndex >= 0);
  return fields[fields.indexOf(from as HTMLInputElement) + 1];
}

function addRow(draft: SessionDraft, section: Section): string {
  if (section === "areas") draft.areas.push(newAreaRow(draft.areas[draft.areas.length - 1]));
  else if (section === "products") draft.products.push(newProductRow());
  else draft.reactions.push(newReactionRow());
  return `${section}-${draft[section].length - 1}-${FIRST[section]}`;
}

/**
 * The form's Enter handler (from its window keydown): prevents submission and moves on.
 * `removed` is told when a row goes, so that section's field errors can be dropped.
 */
export async function formEnter(
  e: KeyboardEvent, form: HTMLFormElement, draft: SessionDraft, removed: (section: Section) => void,
): Promise<void> {
  const t = e.target;
  if (e.key !== "Enter" || e.isComposing || !(t instanceof HTMLInputElement) || !form.contains(t)) return;
  e.preventDefault();
  if (e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return;
  const step = enterStep(t, draft);
  if (step.kind === "next") {
    focusField(nextField(t, form));
  } else if (step.kind === "add") {
    const id = addRow(draft, step.section);
    await tick();
    focusField(document.getElementById(id));
  } else if (step.kind === "leave") {
    draft[step.section].splice(step.index, 1);
    removed(step.section);
    const to = AFTER[step.section];
    const id = to ? addRow(draft, to) : null;
    await tick();
    focusField(id ? document.getElementById(id) : form.querySelector<HTMLElement>("[data-testid='add-reaction']"));
  }
}
