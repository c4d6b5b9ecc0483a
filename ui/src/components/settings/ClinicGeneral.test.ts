// Settings → Clinic: the clinic's name (shown at sign-in) and the idle lock, saved without
// touching the checks next to them.
import { screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMemoryBackend } from "../../lib/api/memory";
import { renderApp } from "../../testing";

const el = (id: string) => document.getElementById(id) as HTMLInputElement;

describe("clinic settings", () => {
  it("renames the clinic and sets the idle lock, keeping the checks", async () => {
    const b = createMemoryBackend();
    await renderApp("#/settings", b);
    const user = userEvent.setup();
    expect(await screen.findByRole("heading", { name: "Clinic" })).toBeInTheDocument();
    expect(el("setting-clinic_name")).toHaveValue("Test clinic");
    expect(el("setting-idle_lock_minutes")).toHaveValue(15);

    await user.clear(el("setting-idle_lock_minutes"));
    await user.type(el("setting-idle_lock_minutes"), "0");
    await user.click(screen.getByTestId("save-clinic"));
    expect(await screen.findByTestId("error-idle_lock_minutes")).toHaveTextContent("between 1 and 240");

    await user.clear(el("setting-idle_lock_minutes"));
    await user.type(el("setting-idle_lock_minutes"), "5");
    await user.clear(el("setting-clinic_name"));
    await user.type(el("setting-clinic_name"), "Clínica Aurora");
    await user.click(screen.getByTestId("save-clinic"));
    expect(await screen.findByTestId("clinic-saved")).toBeInTheDocument();
    const { settings } = await b.getReferenceData();
    expect(settings).toMatchObject({ clinic_name: "Clínica Aurora", idle_lock_minutes: 5, min_interval_days: 28 });

    await user.click(screen.getByTestId("sign-out"));
    expect(await screen.findByRole("heading", { level: 1, name: "Clínica Aurora" })).toBeInTheDocument();
  });
});
