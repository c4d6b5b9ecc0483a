// The names a review screen needs from the reference lists (areas, device models, reaction
// types and their scales), behind one small interface so the review logic stays pure and its
// tests need no store: the app passes `storeWords`, tests a stub.
import type { Reaction } from "../../bindings/Reaction";
import type { TreatedArea } from "../../bindings/TreatedArea";
import { gradeText, modelName, reactionName } from "../session-text";
import { reference } from "../stores/reference.svelte";

export interface Words {
  areaName(id: string): string;
  /** The area's stable code, or "" when unknown. */
  areaCode(id: string): string;
  /** The device model used: from the clinic's list, else as typed, else "". */
  modelName(a: Pick<TreatedArea, "device_model_id" | "device_model">): string;
  reactionName(typeId: string): string;
  /** "2 – mild"; just "7" on a scale whose labels are the numbers. */
  gradeText(r: Pick<Reaction, "reaction_type_id" | "scale_id" | "grade">): string;
  /** Where a reaction type sits in the clinic's list (unknown types last). */
  reactionOrder(typeId: string): number;
}

export const storeWords: Words = {
  areaName: (id) => reference.areaName(id),
  areaCode: (id) => reference.area(id)?.code ?? "",
  modelName,
  reactionName: (id) => reactionName({ reaction_type_id: id }),
  gradeText,
  reactionOrder: (id) => {
    const at = reference.reactionTypes.findIndex((t) => t.id === id);
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  },
};
