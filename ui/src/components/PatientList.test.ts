import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Backend } from "../lib/api/backend";
import { createMemoryBackend } from "../lib/api/memory";
import { addPatient, renderApp } from "../testing";

async function clinic(): Promise<Backend> {
  const b = createMemoryBackend();
  await addPatient(b, { given_name: "Anna", family_name: "Berg", mrn: "DL-1" });
  await addPatient(b, { given_name: "Bernd", family_name: "Albers", date_of_birth: "1970-01-31" });
  await addPatient(b, { given_name: "Carla", family_name: "Diaz" });
  const archived = await addPatient(b, { given_name: "Dora", family_name: "Berger" });
  await b.archivePatient(archived.id);
  return b;
}

const rowTexts = () => screen.queryAllByTestId("patient-row").map((r) => r.querySelector(".row-name")?.textContent);

describe("sidebar patient search", () => {
  it("lists active patients and filters as you type", async () => {
    const user = userEvent.setup();
    await renderApp("#/", await clinic());
    await waitFor(() => expect(rowTexts()).toEqual(["Albers, Bernd", "Berg, Anna", "Diaz, Carla"]));

    await user.type(screen.getByTestId("patient-search"), "ber");
    // Family-name matches first, then given-name matches.
    await waitFor(() => expect(rowTexts()).toEqual(["Berg, Anna", "Albers, Bernd"]));

    await user.clear(screen.getByTestId("patient-search"));
    await user.type(screen.getByTestId("patient-search"), "31.01.1970");
    await waitFor(() => expect(rowTexts()).toEqual(["Albers, Bernd"]));

    await user.clear(screen.getByTestId("patient-search"));
    await user.type(screen.getByTestId("patient-search"), "zzz");
    expect(await screen.findByText("No patient matches this search.")).toBeInTheDocument();
  });

  it("shows archived patients only when asked", async () => {
    const user = userEvent.setup();
    await renderApp("#/", await clinic());
    await user.type(screen.getByTestId("patient-search"), "berg");
    await waitFor(() => expect(rowTexts()).toEqual(["Berg, Anna"]));
    await user.click(screen.getByLabelText("Show archived"));
    await waitFor(() => expect(rowTexts()).toEqual(["Berg, Anna", "Berger, Dora"]));
    expect(screen.getAllByTestId("patient-row")[1]).toHaveTextContent("Archived");
  });

  it("moves through results with the arrow keys and opens one with Enter", async () => {
    const user = userEvent.setup();
    await renderApp("#/", await clinic());
    await waitFor(() => expect(rowTexts()).toHaveLength(3));
    await user.keyboard("/");
    expect(screen.getByTestId("patient-search")).toHaveFocus();
    await user.keyboard("{ArrowDown}{ArrowDown}");
    const rows = screen.getAllByTestId("patient-row");
    expect(rows[1]).toHaveFocus();
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(screen.getByTestId("patient-search")).toHaveFocus();
    await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");
    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Anna Berg");
  });

  it("drops a slow reply to an older search", async () => {
    const b = await clinic();
    const slow: Backend = {
      ...b,
      listPatients: async (q) => {
        // The first, broad search answers last.
        if (q.text === "b") await new Promise((r) => setTimeout(r, 300));
        return b.listPatients(q);
      },
    };
    const user = userEvent.setup();
    await renderApp("#/", slow);
    await user.type(screen.getByTestId("patient-search"), "b");
    await new Promise((r) => setTimeout(r, 150));
    await user.type(screen.getByTestId("patient-search"), "ern");
    await waitFor(() => expect(rowTexts()).toEqual(["Albers, Bernd"]));
    await new Promise((r) => setTimeout(r, 350));
    expect(rowTexts()).toEqual(["Albers, Bernd"]);
  });
});
