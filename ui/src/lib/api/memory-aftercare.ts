// The aftercare handout in memory: the clinic's text and downtime bands as seeded by
// migration 0004, and the handout assembled from a stored session like the core does.
import type { AftercareSettings } from "../../bindings/AftercareSettings";
import type { AftercareTemplate } from "../../bindings/AftercareTemplate";
import type { DowntimeBand } from "../../bindings/DowntimeBand";
import type { Handout } from "../../bindings/Handout";
import type { Patient } from "../../bindings/Patient";
import type { ReferenceData } from "../../bindings/ReferenceData";
import type { Session } from "../../bindings/Session";
import { Invalid } from "./memory-reference";

export function seedAftercare(): AftercareSettings {
  return {
    template: {
      clinic_name: "",
      title: "After your microneedling treatment",
      body: [
        "Your skin will look and feel like a mild sunburn: redness and swelling usually fade within hours to about three days. Small pinpoint scabs can form after 24-72 hours and are gone within a week.",
        [
          "- Avoid sun, tanning beds and UV light. Use a broad-spectrum sunscreen, SPF 30 or higher, whenever you are outside.",
          "- No make-up for 24 hours; after that, non-comedogenic products only.",
          "- Wash twice a day with lukewarm water and a mild, fragrance-free cleanser.",
          "- No scrubs, exfoliants or retinoids for one week.",
          "- No heat, sauna or workouts for 48 hours.",
          "- Do not pick or scratch scabs. Drink plenty of water.",
        ].join("\n"),
        "Call us straight away if you notice signs of infection: increasing pain, warmth, pus, spreading redness or fever.",
      ].join("\n\n"),
    },
    bands: [
      { id: "00000000-0000-7000-800c-000000000001", max_depth_mm: 0.5, downtime: "about 2-3 days" },
      { id: "00000000-0000-7000-800c-000000000002", max_depth_mm: 1.5, downtime: "about 4-5 days" },
      { id: "00000000-0000-7000-800c-000000000003", max_depth_mm: 3.5, downtime: "about 6-7 days" },
    ],
  };
}

export function handoutOf(
  settings: AftercareSettings,
  session: Session,
  patient: Patient,
  reference: ReferenceData,
): Handout {
  const deepest = session.areas.reduce((m, a) => Math.max(m, a.needle_depth_mm), 0);
  const band = [...settings.bands]
    .sort((a, b) => a.max_depth_mm - b.max_depth_mm)
    .find((b) => b.max_depth_mm >= deepest - 1e-9);
  return {
    session_id: session.id,
    patient_id: session.patient_id,
    clinic_name: settings.template.clinic_name,
    patient_name: `${patient.given_name} ${patient.family_name}`,
    started_at: session.started_at,
    areas: session.areas.map((a) => ({
      name: reference.areas.find((r) => r.id === a.area_id)?.name ?? "Area",
      depth_mm: a.needle_depth_mm,
    })),
    deepest_depth_mm: deepest,
    downtime: band?.downtime ?? null,
    title: settings.template.title,
    body: settings.template.body,
    next_session_on: session.next_session_on,
    aftercare_given: session.aftercare_given,
  };
}

export function saveTemplate(settings: AftercareSettings, input: AftercareTemplate): AftercareTemplate {
  const fields = [];
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title) fields.push({ field: "title", message: "Title is required." });
  if (!body) fields.push({ field: "body", message: "Write the advice the patient takes home." });
  if (fields.length) throw new Invalid(fields);
  settings.template = { clinic_name: input.clinic_name.trim(), title, body: input.body };
  return settings.template;
}

export function saveBand(settings: AftercareSettings, input: DowntimeBand): DowntimeBand {
  const fields = [];
  if (!(input.max_depth_mm > 0 && input.max_depth_mm <= 3.5)) {
    fields.push({ field: "max_depth_mm", message: "Depth must be more than 0 and at most 3.5 mm." });
  } else if (settings.bands.some((b) => b.id !== input.id && b.max_depth_mm === input.max_depth_mm)) {
    fields.push({ field: "max_depth_mm", message: "Another band already ends at this depth." });
  }
  if (!input.downtime.trim()) fields.push({ field: "downtime", message: "Downtime is required." });
  if (fields.length) throw new Invalid(fields);
  const saved = { ...input, downtime: input.downtime.trim() };
  // Shallowest first, as the core reads them.
  settings.bands = [...settings.bands.filter((b) => b.id !== input.id), saved]
    .sort((a, b) => a.max_depth_mm - b.max_depth_mm);
  return saved;
}
