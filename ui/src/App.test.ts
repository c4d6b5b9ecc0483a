import { screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { renderApp } from "./testing";

describe("start-up", () => {
  it("shows only the recovery screen when the database could not be opened", async () => {
    await renderApp("#/", {
      problem: { code: "NewerSchema", message: "This database was written by a newer Dermalog." },
    });
    const page = screen.getByTestId("startup-problem");
    expect(page).toHaveTextContent("Dermalog could not open the clinic database");
    expect(page).toHaveTextContent("This database was written by a newer Dermalog.");
    expect(page).toHaveTextContent("/home/clinic/.local/share/dermalog/dermalog.sqlite3");
    expect(page).toHaveTextContent("The file has not been changed.");
    expect(page).toHaveTextContent("dermalog --db /path/to/file.sqlite3");
    expect(screen.queryByTestId("patient-search")).toBeNull();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("shows the app with the database path and version when all is well", async () => {
    await renderApp("#/");
    expect(screen.queryByTestId("startup-problem")).toBeNull();
    expect(screen.getByTestId("patient-search")).toBeInTheDocument();
    expect(screen.getByText(/Select a patient on the left, or create a new one/)).toBeInTheDocument();
    expect(screen.getByRole("contentinfo")).toHaveTextContent("dermalog.sqlite3");
    expect(screen.getByRole("contentinfo")).toHaveTextContent("0.1.0");
  });
});
