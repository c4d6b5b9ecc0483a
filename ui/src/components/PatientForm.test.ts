import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../lib/api/memory";
import { renderApp } from "../testing";

async function fillValidPatient(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText("Given name(s)"), "Lena");
  await user.type(screen.getByLabelText("Family name"), "Marković");
  await fireEvent.input(screen.getByLabelText("Date of birth"), { target: { value: "1990-05-17" } });
  await user.selectOptions(screen.getByLabelText("Sex at birth"), "Female");
  await user.type(screen.getByLabelText("Record number (MRN)"), "DL-900");
}

describe("patient form", () => {
  it("shows a missing family name under the field, focuses it and stays on the form", async () => {
    const user = userEvent.setup();
    const { backend } = await renderApp("#/patients/new");
    await fillValidPatient(user);
    await user.clear(screen.getByLabelText("Family name"));
    await user.click(screen.getByTestId("save-patient"));

    const error = await screen.findByTestId("error-family_name");
    expect(error).toHaveTextContent("Family name is required.");
    expect(error.id).toBe("family_name-error");
    const input = screen.getByLabelText("Family name");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAttribute("aria-describedby", "family_name-error");
    expect(input).toHaveFocus();
    expect(screen.queryByTestId("error-given_name")).toBeNull();
    expect(location.hash).toBe("#/patients/new");
    expect(screen.getByLabelText("Given name(s)")).toHaveValue("Lena");
    expect(await backend.listPatients({ text: "", include_archived: true, limit: null })).toHaveLength(0);
  });

  it("saves a valid patient once, even when saved again after an error, and opens the page", async () => {
    const user = userEvent.setup();
    const { backend } = await renderApp("#/patients/new");
    await fillValidPatient(user);
    await user.click(screen.getByLabelText(/^Acne scars/));
    expect(screen.getByText("does not respond to microneedling")).toBeInTheDocument();
    await user.click(screen.getByTestId("save-patient"));

    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Lena Marković");
    expect(location.hash).toMatch(/^#\/patients\/[0-9a-f-]{36}$/);
    expect(screen.getByText("Acne scars")).toBeInTheDocument();
    const rows = await backend.listPatients({ text: "", include_archived: true, limit: null });
    expect(rows.map((r) => r.family_name)).toEqual(["Marković"]);
    await waitFor(() => expect(screen.getAllByTestId("patient-row")[0]).toHaveTextContent("Marković, Lena"));
  });

  it("shows the backend's sentence when a full disk refuses the save, and stays on the form", async () => {
    const user = userEvent.setup();
    const b = createMemoryBackend({ diskFull: true });
    await renderApp("#/patients/new", b);
    await fillValidPatient(user);
    await user.click(screen.getByTestId("save-patient"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(
      "The disk is full, so this was not saved. Nothing already saved is affected. Free some space, then try again.");
    expect(location.hash).toBe("#/patients/new");
    expect(screen.getByLabelText("Family name")).toHaveValue("Marković");
    expect(screen.queryByTestId("error-family_name")).toBeNull();
    expect(await b.listPatients({ text: "", include_archived: true, limit: null })).toHaveLength(0);
  });

  it("edits an existing patient with its values filled in", async () => {
    const user = userEvent.setup();
    const { backend } = await renderApp("#/");
    const p = await backend.savePatient({
      id: "0190a000-0000-7000-9100-000000000042", given_name: "Ida", family_name: "Holm",
      date_of_birth: "1970-02-03", sex_at_birth: "female", mrn: null, phone: null, email: null,
      fitzpatrick: 2, fitzpatrick_assessed_on: null, indications: [], notes: "",
    });
    location.hash = `#/patients/${p.id}/edit`;
    expect(await screen.findByRole("heading", { name: "Edit patient" })).toBeInTheDocument();
    const family = await screen.findByLabelText("Family name");
    await waitFor(() => expect(family).toHaveValue("Holm"));
    expect(screen.getByLabelText("Fitzpatrick skin type")).toHaveValue("2");
    await user.clear(family);
    await user.type(family, "Holm-Berg");
    await user.keyboard("{Control>}s{/Control}");
    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Ida Holm-Berg");
    expect((await backend.getPatient(p.id)).family_name).toBe("Holm-Berg");
  });
});
