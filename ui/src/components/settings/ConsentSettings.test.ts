// Settings → Consent templates (admins): each template's current version, saved as a new
// version (consents already signed keep the version they signed), field errors by their fields.
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { recordConsent } from "../../lib/consent/consent-fixtures";
import { href } from "../../lib/router.svelte";
import { clinicWithDraft } from "../../lib/signing-fixtures";
import { renderApp } from "../../testing";

const template = (kind: string) =>
  screen.getAllByTestId("consent-template").find((t) => t.dataset.kind === kind)!;

describe("consent template settings", () => {
  it("saves an edited text as a new version; a consent signed before keeps its text", async () => {
    const { b, patient } = await clinicWithDraft();
    const signed = await recordConsent(b, patient.id, "treatment");
    await renderApp(href.settings(), b);
    const user = userEvent.setup();
    const section = await screen.findByTestId("settings-consent");
    expect(within(section).getByRole("heading", { level: 2 })).toHaveTextContent("Consent templates");
    await waitFor(() => expect(within(section).getAllByTestId("consent-template")).toHaveLength(2));
    const treatment = template("treatment");
    expect(treatment).toHaveTextContent("Microneedling treatment consent version 1, as supplied");
    expect(template("photo")).toHaveTextContent("Photo consent version 1");
    const text = within(treatment).getByTestId<HTMLTextAreaElement>("consent-template-text");
    expect(text.value).toContain("I consent to microneedling treatment as discussed with my practitioner.");
    const save = within(treatment).getByTestId("consent-template-save");
    expect(save).toBeDisabled();
    expect(within(treatment).queryByTestId("consent-template-history")).toBeNull();

    // Too short: the backend's message under the text.
    await user.clear(text);
    await user.type(text, "Too short.");
    await user.click(save);
    expect(await within(treatment).findByTestId("error-text")).toHaveTextContent(
      "The consent text needs at least 20 characters.");
    expect(text).toHaveFocus();

    await user.clear(text);
    await user.type(text, "I agree to microneedling.{Enter}{Enter}I have read the leaflet.");
    const title = within(treatment).getByTestId("consent-template-title");
    await user.clear(title);
    await user.type(title, "Microneedling consent");
    await user.click(save);
    expect(await within(treatment).findByTestId("consent-template-saved")).toHaveTextContent(
      "Saved as version 2. Consents already signed keep the text they signed.");
    expect(within(treatment).queryByTestId("error-text")).toBeNull();
    expect(treatment).toHaveTextContent("version 2, saved 20 Nov 2026");
    expect(within(treatment).getByTestId("consent-template-history")).toHaveTextContent("Earlier versions: 1 (20 Nov 2026)");
    expect(save).toBeDisabled();

    const [t] = await b.listConsentTemplates();
    expect(t.current).toMatchObject({
      version: 2, title: "Microneedling consent", text: "I agree to microneedling.\n\nI have read the leaflet.",
    });
    const doc = await b.getConsentDocument(signed.id);
    expect(doc.consent.template_version).toBe(1);
    expect(doc.text).toContain("I consent to microneedling treatment as discussed with my practitioner.");
  });
});
