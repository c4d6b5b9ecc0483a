import { afterEach, describe, expect, it, vi } from "vitest";
import { useBackend } from "../api";
import { createMemoryBackend } from "../api/memory";
import { addPatient } from "../../testing";
import { prepareOpen, takeOpened } from "./patient-open";

describe("opening a patient from the list", () => {
  afterEach(() => vi.useRealTimers());

  it("hands the fetched record to its page once", async () => {
    const b = createMemoryBackend();
    useBackend(b);
    const anna = await addPatient(b, { given_name: "Anna", family_name: "Berg" });
    await prepareOpen(anna.id);
    expect(takeOpened("someone-else")).toBeNull();
    await prepareOpen(anna.id);
    const record = takeOpened(anna.id);
    expect(record?.patient.family_name).toBe("Berg");
    expect(record?.sessions).toEqual([]);
    expect(takeOpened(anna.id)).toBeNull();
  });

  it("drops a record that waited too long, and a patient that could not be read", async () => {
    const b = createMemoryBackend();
    useBackend(b);
    const anna = await addPatient(b, { given_name: "Anna", family_name: "Berg" });
    vi.useFakeTimers({ toFake: ["Date"] });
    await prepareOpen(anna.id);
    vi.setSystemTime(Date.now() + 5000);
    expect(takeOpened(anna.id)).toBeNull();
    await prepareOpen("no-such-patient");
    expect(takeOpened("no-such-patient")).toBeNull();
  });
});
