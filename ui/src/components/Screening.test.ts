// Contraindication screening in the session form and on saved sessions, on the in-memory
// backend (rules seeded like migration 0003), and the product catalogue in product rows.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { v7 as uuidv7 } from "uuid";
import type { Backend } from "../lib/api/backend";
import { createMemoryBackend } from "../lib/api/memory";
import { seedId } from "../lib/api/memory-seed";
import { formatDate } from "../lib/time";
import { addPatient, renderApp } from "../testing";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

async function openNewSession(history: (b: Backend, patientId: string) => Promise<unknown> = async () => {}) {
  const b = createMemoryBackend();
  const patient = await addPatient(b, { given_name: "Anna", family_name: "Berg", indications: [] });
  await history(b, patient.id);
  await renderApp(`#/patients/${patient.id}/sessions/new`, b);
  await screen.findByRole("heading", { name: "New session — Anna Berg" });
  const user = userEvent.setup();
  await user.clear(el("clinician_name"));
  await user.type(el("clinician_name"), "Dr. Navarro");
  await user.selectOptions(el("areas-0-area_id"), "Forehead");
  await user.selectOptions(el("areas-0-device_kind"), "Derma pen");
  await user.type(el("areas-0-needle_depth_mm"), "0.5");
  await user.type(el("areas-0-passes"), "2");
  return { b, patient, user };
}

const entry = (b: Backend, patientId: string, term: number, started_on: string, ended_on: string | null = null) =>
  b.saveHistoryEntry({
    id: uuidv7(), patient_id: patientId, term_id: seedId(8, term), area_id: null, started_on, ended_on, note: "",
    archived: false,
  });

describe("screening", () => {
  it("says how many rules were checked when the history holds nothing against the session", async () => {
    await openNewSession();
    const panel = screen.getByTestId("screening-panel");
    await waitFor(() => expect(within(panel).getByTestId("screening-status"))
      .toHaveTextContent("24 rules checked — nothing found"));
    expect(panel.querySelectorAll(".screening-rule")).toHaveLength(0);
    expect(panel.compareDocumentPosition(el("areas-0-area_id")) & Node.DOCUMENT_POSITION_FOLLOWING,
      "before the areas").toBeTruthy();
  });

  it("shows a block, refuses the save without a reason, and saves with one", async () => {
    const pregnantSince = daysAgo(100);
    const { b, patient, user } = await openNewSession(async (b, id) => {
      await entry(b, id, 60, pregnantSince);
      await entry(b, id, 20, daysAgo(400), daysAgo(30));
    });
    const block = await screen.findByTestId("screening-rule-pregnancy");
    expect(block).toHaveClass("block");
    expect(block).toHaveTextContent("✖");
    expect(block).toHaveTextContent(
      `Blocks the session Pregnancy: Pregnant since ${formatDate(pregnantSince)}. Postpone until after pregnancy.`);
    const warn = screen.getByTestId("screening-rule-isotretinoin_recent");
    expect(warn).toHaveClass("warn");
    expect(warn).toHaveTextContent("Warning Oral isotretinoin taken in the last 6 months: Isotretinoin (oral)");
    expect(screen.queryByTestId("override-isotretinoin_recent"), "a warning takes no reason").toBeNull();
    expect(screen.getByTestId("screening-status")).toHaveTextContent("24 rules checked — 1 block, 1 warning");
    expect(screen.getByTestId("findings-summary")).toHaveTextContent("1 problem must be fixed before saving · 1 warning");
    expect(document.querySelectorAll("[data-testid^='finding-screening']"), "shown once, in the panel").toHaveLength(0);

    const reason = screen.getByTestId("override-pregnancy");
    expect(reason).toHaveAccessibleName("Override reason (required to go ahead)");
    await user.click(screen.getByTestId("findings-summary"));
    expect(reason, "go to the first problem").toHaveFocus();

    await user.click(screen.getByTestId("save-session"));
    const error = await screen.findByTestId("error-screening.pregnancy");
    expect(error).toHaveTextContent("To go ahead, write an override reason.");
    expect(error).not.toHaveTextContent("Postpone");
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(reason).toHaveFocus();
    expect(await b.listPatientSessions(patient.id)).toHaveLength(0);

    await user.type(reason, "Too short");
    await user.click(screen.getByTestId("save-session"));
    await waitFor(() => expect(screen.getByTestId("error-screening.pregnancy"))
      .toHaveTextContent("The override reason is too short: say why (at least 10 characters)."));
    expect(await b.listPatientSessions(patient.id)).toHaveLength(0);

    await user.type(reason, " — obstetrician agreed");
    await waitFor(() => expect(screen.getByTestId("overridden-pregnancy")).toHaveTextContent("Overridden"));
    await waitFor(() => expect(screen.queryByTestId("error-screening.pregnancy")).toBeNull());
    expect(screen.getByTestId("findings-summary")).toHaveTextContent("1 warning · 1 overridden");
    expect(screen.getByTestId("screening-status")).toHaveTextContent("24 rules checked — 1 overridden, 1 warning");
    await user.click(screen.getByTestId("save-session"));

    const detail = await screen.findByTestId("session-detail");
    const shown = within(detail).getByTestId("screening-result-pregnancy");
    expect(shown).toHaveTextContent("Overridden by Dr. Navarro on");
    expect(shown).toHaveTextContent(": Too short — obstetrician agreed");
    expect(within(detail).getByTestId("screening-result-isotretinoin_recent"))
      .toHaveTextContent("Acknowledged by Dr. Navarro on");
    expect(within(detail).getByTestId("screening-checked")).toHaveTextContent("24 rules checked (rule versions stored)");
    const [saved] = await b.listPatientSessions(patient.id);
    expect(saved.screening.find((r) => r.rule_code === "pregnancy")?.override_reason)
      .toBe("Too short — obstetrician agreed");

    await user.click(within(detail).getByRole("link", { name: /Anna Berg/ }));
    const [card] = await screen.findAllByTestId("session-card");
    expect(within(card).getByTestId("card-override")).toHaveTextContent("Override");
    expect(within(card).getByTestId("card-warnings")).toHaveTextContent("1 warning");
  });

  it("never copies an override into a repeated session", async () => {
    const { b, patient, user } = await openNewSession((b, id) => entry(b, id, 60, daysAgo(100)));
    await user.type(await screen.findByTestId("override-pregnancy"), "Obstetrician agreed in writing");
    await waitFor(() => expect(screen.getByTestId("overridden-pregnancy")).toBeInTheDocument());
    await user.click(screen.getByTestId("save-session"));
    const detail = await screen.findByTestId("session-detail");
    await user.click(within(detail).getByTestId("repeat-session"));
    expect(await screen.findByTestId("repeat-notice")).toBeInTheDocument();
    expect(await screen.findByTestId("override-pregnancy")).toHaveValue("");
    await waitFor(() => expect(screen.getByTestId("screening-rule-pregnancy")).not.toHaveClass("overridden"));
    expect((await b.listPatientSessions(patient.id))).toHaveLength(1);
  });
});

describe("product catalogue", () => {
  it("offers the catalogue by role, links a typed name to its product and warns when not intradermal", async () => {
    const { b, patient, user } = await openNewSession();
    await user.click(screen.getByTestId("add-product"));
    const name = el("products-0-name");
    expect(name).toHaveAttribute("list", "catalogue-any");
    const offered = (id: string) => [...el(id).querySelectorAll("option")].map((o) => o.value);
    expect(offered("catalogue-any")).toContain("Vitamin C serum");
    expect(offered("catalogue-any"), "cartridges are not applied").not.toContain("Pen cartridge, 12 needles");
    expect(offered("catalogue-glide")).toEqual(["Hyaluronic glide gel"]);

    await user.type(name, "vitamin c SERUM");
    expect(name).toHaveAttribute("data-product-id", seedId(10, 4));
    expect(el<HTMLSelectElement>("products-0-role").value, "the product's kind fills the role").toBe("serum");
    expect(name).toHaveAttribute("list", "catalogue-serum");
    const finding = await screen.findByTestId("finding-products[0].name");
    expect(finding).toHaveTextContent(
      "Vitamin C serum is not approved for intradermal use. Granulomatous reactions reported under motorised pens.");
    expect(name).toHaveAttribute("data-finding", "warn");

    await user.click(screen.getByTestId("add-product"));
    await user.type(el("products-1-name"), "Clinic own serum");
    expect(el("products-1-name")).toHaveAttribute("data-product-id", "");
    await user.selectOptions(el("products-1-role"), "Serum");
    await fireEvent.input(el("products-1-amount"), { target: { value: "1 ml" } });
    await user.click(screen.getByTestId("save-session"));
    await screen.findByTestId("session-detail");
    const [saved] = await b.listPatientSessions(patient.id);
    expect(saved.products.map((p) => [p.name, p.product_id])).toEqual([
      ["vitamin c SERUM", seedId(10, 4)], ["Clinic own serum", null],
    ]);
  });
});
