// The Users page: the accounts table, adding an account (field errors under the fields),
// editing one, and the refusal to leave the clinic without an active admin.
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

async function openUsers(b = createMemoryBackend()) {
  await renderApp("#/", b);
  const user = userEvent.setup();
  await user.click(screen.getByTestId("users-link"));
  expect(await screen.findByRole("heading", { level: 1, name: "Users" })).toBeInTheDocument();
  await waitFor(() => expect(screen.getAllByTestId("user-row")).toHaveLength(1));
  return { b, user };
}

describe("users page", () => {
  it("lists the accounts", async () => {
    await openUsers();
    const row = screen.getByTestId("user-row");
    expect(row).toHaveTextContent("Dr Ana Silva");
    expect(row).toHaveTextContent("ana.silva");
    expect(row).toHaveTextContent("Clinician, Aesthetician, Admin");
    expect(row).toHaveTextContent("OM 54321");
    expect(row).toHaveTextContent("Active");
  });

  it("adds a user, with the backend's problems under the fields first", async () => {
    const { b, user } = await openUsers();
    await user.click(screen.getByTestId("add-user"));
    expect(el("user-display-name")).toHaveFocus();
    expect(el("user-role-clinician")).toBeChecked();
    await user.click(el("user-role-clinician"));
    await user.type(el("user-username"), "bea costa");
    await user.type(el("user-password"), "short");
    await user.click(screen.getByTestId("user-save"));

    expect(await screen.findByTestId("error-display_name")).toHaveTextContent("Name is required.");
    expect(screen.getByTestId("error-signature_name")).toHaveTextContent("Signature name is required.");
    expect(screen.getByTestId("error-username")).toHaveTextContent("without spaces");
    expect(screen.getByTestId("error-roles")).toHaveTextContent("Choose at least one role.");
    expect(screen.getByTestId("error-password")).toHaveTextContent("at least 10 characters");
    expect(el("user-display-name")).toHaveFocus();
    expect(el("user-username")).toHaveAttribute("aria-invalid", "true");

    await user.type(el("user-display-name"), "Bea Costa");
    await user.type(el("user-signature"), "Bea Costa, aesthetician");
    await user.clear(el("user-username"));
    await user.type(el("user-username"), "bea");
    await user.click(el("user-role-aesthetician"));
    await user.clear(el("user-password"));
    await user.type(el("user-password"), "a long enough secret");
    await user.click(screen.getByTestId("user-save"));

    expect(await screen.findByTestId("user-saved")).toHaveTextContent("Saved Bea Costa.");
    await waitFor(() => expect(screen.getAllByTestId("user-row")).toHaveLength(2));
    const users = await b.listUsers();
    const bea = users.find((u) => u.username === "bea")!;
    expect(bea).toMatchObject({ display_name: "Bea Costa", roles: ["aesthetician"], active: true, registration: "" });
    expect(bea.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    await b.signOut();
    await expect(b.signIn("bea", "a long enough secret")).resolves.toMatchObject({ locked: false });
  });

  it("edits a user, keeps the password when left empty, and refuses to lose the last admin", async () => {
    const { b, user } = await openUsers();
    const before = (await b.listUsers())[0];
    await user.click(screen.getByTestId("edit-user"));
    expect(el("user-display-name")).toHaveValue("Dr Ana Silva");
    expect(screen.getByText(/Leave empty to keep the current password/)).toBeInTheDocument();

    await user.click(el("user-role-admin"));
    await user.click(screen.getByTestId("user-save"));
    expect(await screen.findByTestId("user-problem")).toHaveTextContent("The clinic needs at least one active admin");
    expect(screen.getByTestId("user-problem")).toHaveAttribute("role", "alert");

    await user.click(el("user-role-admin"));
    await user.clear(el("user-registration"));
    await user.type(el("user-registration"), "OM 99999");
    await user.click(screen.getByTestId("user-save"));
    expect(await screen.findByTestId("user-saved")).toHaveTextContent("Saved Dr Ana Silva.");
    await waitFor(() => expect(screen.getByTestId("user-row")).toHaveTextContent("OM 99999"));
    expect(document.getElementById(`edit-user-${before.id}`)).toHaveFocus();
    await b.signOut();
    await expect(b.signIn("ana.silva", "correct horse battery")).resolves.toMatchObject({ locked: false });
  });

  it("closes the form with Escape without saving", async () => {
    const { user } = await openUsers();
    await user.click(screen.getByTestId("add-user"));
    const form = screen.getByTestId("user-form");
    await user.type(within(form).getByLabelText("Name"), "Someone{Escape}");
    expect(screen.queryByTestId("user-form")).toBeNull();
    expect(screen.getByTestId("add-user")).toHaveFocus();
  });
});
