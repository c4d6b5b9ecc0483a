// Reference data (areas, indications, reaction types and scales), loaded once at start and
// updated from what the backend returns when the clinic edits an entry.
import type { Area } from "../../bindings/Area";
import type { AreaInput } from "../../bindings/AreaInput";
import type { Indication } from "../../bindings/Indication";
import type { ReactionScale } from "../../bindings/ReactionScale";
import type { ReactionType } from "../../bindings/ReactionType";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Region } from "../../bindings/Region";
import { api } from "../api";

export const REGIONS: { value: Region; label: string }[] = [
  { value: "face", label: "Face" },
  { value: "body", label: "Body" },
  { value: "scalp", label: "Scalp" },
];

class ReferenceStore {
  data = $state<ReferenceData | null>(null);

  async load(): Promise<void> {
    this.data = await api.getReferenceData();
  }

  /** Saves an area and puts the stored version in the list. */
  async saveArea(input: AreaInput): Promise<Area> {
    const saved = await api.saveArea(input);
    if (this.data) {
      const i = this.data.areas.findIndex((a) => a.id === saved.id);
      if (i >= 0) this.data.areas[i] = saved;
      else this.data.areas.push(saved);
    }
    return saved;
  }

  get areas(): Area[] {
    return this.data?.areas ?? [];
  }
  get indications(): Indication[] {
    return this.data?.indications ?? [];
  }
  get reactionTypes(): ReactionType[] {
    return this.data?.reaction_types ?? [];
  }

  area(id: string | null | undefined): Area | undefined {
    return id ? this.areas.find((a) => a.id === id) : undefined;
  }
  /** An area's name; unknown ids (never expected) show as such rather than vanish. */
  areaName(id: string | null | undefined): string {
    return this.area(id)?.name ?? (id ? "Unknown area" : "");
  }
  indication(code: string): Indication | undefined {
    return this.indications.find((i) => i.code === code);
  }
  indicationName(code: string): string {
    return this.indication(code)?.name ?? code;
  }
  reactionType(id: string | null | undefined): ReactionType | undefined {
    return id ? this.reactionTypes.find((t) => t.id === id) : undefined;
  }
  scale(id: string | null | undefined): ReactionScale | undefined {
    return id ? this.data?.reaction_scales.find((s) => s.id === id) : undefined;
  }
  /** The scale a reaction is graded on: its own, else its type's default. */
  scaleFor(typeId: string | null | undefined, scaleId: string | null = null): ReactionScale | undefined {
    return this.scale(scaleId ?? this.reactionType(typeId)?.default_scale_id);
  }
  gradeLabel(scale: ReactionScale | undefined, grade: number): string {
    return scale?.labels[grade - scale.min_grade] ?? "";
  }

  /** Areas offered for new rows (archived ones hidden, unless `keep` is the current value), by region. */
  areaGroups(keep: string | null = null): { label: string; areas: Area[] }[] {
    return REGIONS.map((r) => ({
      label: r.label,
      areas: this.areas.filter((a) => a.region === r.value && (!a.archived || a.id === keep)),
    })).filter((g) => g.areas.length > 0);
  }
}

export const reference = new ReferenceStore();
