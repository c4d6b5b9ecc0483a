// Reference data (areas, indications, reaction types and scales, device models, depth
// guidance, clinic settings), loaded once at start and reloaded after every edit the clinic
// makes in Settings, so the session form's lists and checks use the new values at once.
import type { Area } from "../../bindings/Area";
import type { AreaInput } from "../../bindings/AreaInput";
import type { ClinicSettings } from "../../bindings/ClinicSettings";
import type { DepthGuidance } from "../../bindings/DepthGuidance";
import type { DepthGuidanceInput } from "../../bindings/DepthGuidanceInput";
import type { DeviceKind } from "../../bindings/DeviceKind";
import type { DeviceModel } from "../../bindings/DeviceModel";
import type { DeviceModelInput } from "../../bindings/DeviceModelInput";
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

  /** Runs an edit, then reloads every list (orders and derived rows are the backend's). */
  async #edit<T>(save: Promise<T>): Promise<T> {
    const saved = await save;
    await this.load();
    return saved;
  }
  saveArea(input: AreaInput): Promise<Area> {
    return this.#edit(api.saveArea(input));
  }
  saveDeviceModel(input: DeviceModelInput): Promise<DeviceModel> {
    return this.#edit(api.saveDeviceModel(input));
  }
  saveDepthGuidance(input: DepthGuidanceInput): Promise<DepthGuidance> {
    return this.#edit(api.saveDepthGuidance(input));
  }
  saveSettings(input: ClinicSettings): Promise<ClinicSettings> {
    return this.#edit(api.saveSettings(input));
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
  get deviceModels(): DeviceModel[] {
    return this.data?.device_models ?? [];
  }
  get depthGuidance(): DepthGuidance[] {
    return this.data?.depth_guidance ?? [];
  }
  get settings(): ClinicSettings | null {
    return this.data?.settings ?? null;
  }

  deviceModel(id: string | null | undefined): DeviceModel | undefined {
    return id ? this.deviceModels.find((d) => d.id === id) : undefined;
  }
  /**
   * Models offered for a row: the non-archived ones of `kind` (all kinds when none is chosen),
   * plus `keep`, the row's current model, so a stored choice never vanishes silently.
   */
  modelsFor(kind: DeviceKind | "", keep: string | null = null): DeviceModel[] {
    return this.deviceModels.filter(
      (d) => d.id === keep || (!d.archived && (kind === "" || d.kind === kind)),
    );
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
