// The screening settings: contraindication rules (edits raise the version), the product
// catalogue and the medical history vocabulary, each saved to the backend and shown again
// from the reloaded reference data.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../../lib/api/memory";
import { renderApp } from "../../testing";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};

async function openSettings(b = createMemoryBackend()) {
  await renderApp("#/", b);
  const user = userEvent.setup();
  await user.click(screen.getByTestId("open-settings"));
  expect(await screen.findByRole("heading", { level: 1, name: "Settings" })).toBeInTheDocument();
  await screen.findByTestId("rule-row-isotretinoin_recent");
  return { b, user };
}

const rule = async (b: ReturnType<typeof createMemoryBackend>, code: string) =>
  (await b.getReferenceData()).rules.find((r) => r.code === code);

describe("screening rules", () => {
  it("raises a rule's version when its severity changes, and shows it", async () => {
    const { b, user } = await openSettings();
    const row = () => screen.getByTestId("rule-row-isotretinoin_recent");
    expect(row()).toHaveTextContent("Oral isotretinoin taken in the last 6 months");
    expect(row()).toHaveTextContent("Isotretinoin (oral)");
    expect(row()).toHaveTextContent("Within 6 months");
    expect(within(row()).getByText(/Warn/)).toHaveClass("pill", "warn");
    expect(within(row()).getByTestId("rule-version-isotretinoin_recent")).toHaveTextContent("v1");

    await user.click(screen.getByTestId("rule-edit-isotretinoin_recent"));
    expect(el("rule-description")).toHaveFocus();
    expect(screen.getByTestId("rule-severity-warn")).toBeChecked();
    expect(screen.queryByTestId("rule-next-version")).toBeNull();
    await user.click(screen.getByTestId("rule-severity-block"));
    expect(screen.getByTestId("rule-next-version")).toHaveTextContent("Saving makes this v2.");
    await user.click(screen.getByTestId("rule-save"));

    expect(await screen.findByTestId("rule-saved")).toHaveTextContent("(v2)");
    expect(screen.queryByTestId("rule-save")).toBeNull();
    expect(within(row()).getByTestId("rule-version-isotretinoin_recent")).toHaveTextContent("v2");
    expect(within(row()).getByText(/Block/)).toHaveClass("pill", "block");
    expect(screen.getByTestId("rule-edit-isotretinoin_recent")).toHaveFocus();
    expect(await rule(b, "isotretinoin_recent")).toMatchObject({ severity: "block", version: 2 });

    // Saved again unchanged: the version stays.
    await user.click(screen.getByTestId("rule-edit-isotretinoin_recent"));
    await user.click(screen.getByTestId("rule-save"));
    await waitFor(() => expect(screen.queryByTestId("rule-save")).toBeNull());
    expect((await rule(b, "isotretinoin_recent"))?.version).toBe(2);
    expect(within(row()).getByTestId("rule-version-isotretinoin_recent")).toHaveTextContent("v2");
  });

  it("asks for the window of a new “within” rule under the field, then adds it", async () => {
    const { b, user } = await openSettings();
    const before = (await b.getReferenceData()).rules.length;
    await user.click(screen.getByTestId("add-rule"));
    await user.type(el("rule-description"), "Microdermabrasion recently");
    expect(el("rule-code")).toHaveValue("microdermabrasion_recently");
    await user.selectOptions(el("rule-reads"), "Past treatment");
    // Only terms of the kind read are offered.
    const form = within(el("rule-description").closest("form")!);
    expect(form.queryByRole("checkbox", { name: "Isotretinoin (oral)" })).toBeNull();
    await user.click(form.getByRole("checkbox", { name: "Chemical peel" }));
    expect(document.getElementById("rule-window_count")).toBeNull();
    await user.click(screen.getByTestId("rule-timing-within"));
    await user.click(screen.getByTestId("rule-save"));

    const error = await screen.findByTestId("error-window_count");
    expect(error).toHaveTextContent("Enter how long the window lasts (1 to 1000).");
    expect(error.id).toBe("rule-window_count-error");
    expect(el("rule-window_count")).toHaveAttribute("aria-invalid", "true");
    expect(el("rule-window_count")).toHaveFocus();
    expect(screen.getByTestId("error-window_unit")).toHaveTextContent("Choose days, weeks or months.");
    expect((await b.getReferenceData()).rules).toHaveLength(before);

    await user.type(el("rule-window_count"), "3");
    await user.selectOptions(el("rule-window_unit"), "weeks");
    await user.click(screen.getByTestId("rule-save"));
    const row = await screen.findByTestId("rule-row-microdermabrasion_recently");
    expect(row).toHaveTextContent("Within 3 weeks");
    expect(row).toHaveTextContent("Chemical peel");
    expect(within(row).getByTestId("rule-version-microdermabrasion_recently")).toHaveTextContent("v1");
    expect(await rule(b, "microdermabrasion_recently")).toMatchObject({
      reads: "treatment", terms: ["chemical_peel"], timing: "within", window_count: 3, window_unit: "weeks",
      severity: "warn", version: 1,
    });
  });

  it("switches a rule off with its Active switch, raising the version", async () => {
    const { b, user } = await openSettings();
    const toggle = () => within(screen.getByTestId("rule-row-rosacea")).getByRole("switch", { name: "Check “Rosacea”" });
    expect(toggle()).toBeChecked();
    await user.click(toggle());
    await waitFor(() => expect(toggle()).not.toBeChecked());
    expect(toggle()).toHaveFocus();
    expect(await rule(b, "rosacea")).toMatchObject({ active: false, version: 2 });
    expect(screen.getByTestId("rule-version-rosacea")).toHaveTextContent("v2");
  });
});

describe("products", () => {
  it("refuses a name another product has (ignoring case) under the field", async () => {
    const { b, user } = await openSettings();
    const before = (await b.getReferenceData()).products.length;
    expect(screen.getByTestId("products-table").querySelectorAll("tbody tr")).toHaveLength(before);
    await user.click(screen.getByTestId("add-product"));
    expect(el("product-name")).toHaveFocus();
    await user.type(el("product-name"), "  vitamin C SERUM ");
    await user.click(screen.getByTestId("product-intradermal-no"));
    await user.click(screen.getByTestId("product-save"));

    const error = await screen.findByTestId("error-name");
    expect(error).toHaveTextContent("Another product already has this name.");
    expect(el("product-name")).toHaveAttribute("aria-invalid", "true");
    expect(el("product-name")).toHaveFocus();
    expect((await b.getReferenceData()).products).toHaveLength(before);

    await user.clear(el("product-name"));
    await user.type(el("product-name"), "Vitamin C serum 20 %");
    await user.click(screen.getByTestId("product-save"));
    expect(await screen.findByTestId("product-saved")).toHaveTextContent("Saved Vitamin C serum 20 %.");
    const added = (await b.getReferenceData()).products.find((p) => p.name === "Vitamin C serum 20 %");
    expect(added).toMatchObject({ kind: "serum", intradermal: "no", archived: false });
    const row = screen.getByTestId(`product-row-${added!.id}`);
    expect(within(row).getByText("No").closest(".pill")).toHaveClass("no");
  });
});

describe("medical history terms", () => {
  it("adds a term under its kind, and rules can then look for it", async () => {
    const { b, user } = await openSettings();
    const section = screen.getByTestId("terms-section");
    await user.type(within(section).getByLabelText("Name"), "Minoxidil (oral)");
    await user.selectOptions(el("term-kind"), "Medication");
    expect(el("term-code")).toHaveValue("minoxidil_oral");
    await user.click(screen.getByTestId("add-term"));

    expect(await screen.findByTestId("term-saved")).toHaveTextContent("Added Minoxidil (oral).");
    expect(within(screen.getByTestId("terms-medication")).getByTestId("term-row-minoxidil_oral"))
      .toHaveTextContent("Minoxidil (oral)");
    expect(el("term-name")).toHaveValue("");
    expect(el("term-name")).toHaveFocus();
    expect((await b.getReferenceData()).history_terms.find((t) => t.code === "minoxidil_oral"))
      .toMatchObject({ kind: "medication", name: "Minoxidil (oral)", archived: false });

    // A code already in use is refused under its field.
    await user.type(el("term-name"), "Isotretinoin");
    await user.click(screen.getByTestId("add-term"));
    expect(await screen.findByTestId("error-code")).toHaveTextContent("Another entry already uses this code.");

    await user.click(screen.getByTestId("add-rule"));
    await user.selectOptions(el("rule-reads"), "Medication");
    const form = within(el("rule-description").closest("form")!);
    expect(form.getByRole("checkbox", { name: "Minoxidil (oral)" })).not.toBeChecked();
    expect(form.queryByRole("checkbox", { name: "Sunburn" })).toBeNull();
  });

  it("renames a term, and the rules that use it show the new name", async () => {
    const { b, user } = await openSettings();
    const row = screen.getByTestId("term-row-sunburn");
    expect(row).toHaveTextContent("1 rule");
    await user.click(within(row).getByRole("button", { name: "Rename Sunburn" }));
    const input = within(row).getByLabelText("New name for Sunburn");
    expect(input).toHaveFocus();
    await user.clear(input);
    await user.type(input, "Sunburn, recent{Enter}");
    await waitFor(() => expect(screen.getByTestId("term-row-sunburn")).toHaveTextContent("Sunburn, recent"));
    expect(screen.getByTestId("rule-row-sunburn_recent")).toHaveTextContent("Sunburn, recent");
    expect((await b.getReferenceData()).history_terms.find((t) => t.code === "sunburn")?.name).toBe("Sunburn, recent");
  });
});
