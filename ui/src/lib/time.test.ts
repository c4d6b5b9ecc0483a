import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ageInYears, formatDate, formatDateTime, formatDuration, formatOffset, localInputToRfc3339,
  nowLocalInput, rfc3339ToLocalInput,
} from "./time";

describe("formatOffset", () => {
  it.each([
    [0, "+00:00"],
    [60, "+01:00"],
    [120, "+02:00"],
    [-300, "-05:00"],
    [330, "+05:30"],
    [345, "+05:45"],
    [-210, "-03:30"],
    [-570, "-09:30"],
    [840, "+14:00"],
  ])("%i minutes is %s", (minutes, expected) => {
    expect(formatOffset(minutes)).toBe(expected);
  });
});

describe("datetime-local to RFC 3339", () => {
  it("appends seconds and the given offset", () => {
    expect(localInputToRfc3339("2026-11-20T09:30", 60)).toBe("2026-11-20T09:30:00+01:00");
    expect(localInputToRfc3339("2026-11-20T09:30", -210)).toBe("2026-11-20T09:30:00-03:30");
    expect(localInputToRfc3339("2026-11-20T23:05", 330)).toBe("2026-11-20T23:05:00+05:30");
  });

  it("keeps seconds when the input has them", () => {
    expect(localInputToRfc3339("2026-11-20T09:30:15", 0)).toBe("2026-11-20T09:30:15+00:00");
  });

  it("refuses empty or malformed input", () => {
    expect(localInputToRfc3339("", 60)).toBeNull();
    expect(localInputToRfc3339("20.11.2026 09:30", 60)).toBeNull();
  });

  it("uses the local timezone when no offset is given, naming the same instant", () => {
    const rfc = localInputToRfc3339("2026-07-01T10:15");
    expect(rfc).toMatch(/^2026-07-01T10:15:00[+-]\d{2}:\d{2}$/);
    expect(new Date(rfc!).getTime()).toBe(new Date(2026, 6, 1, 10, 15).getTime());
  });
});

describe("RFC 3339 back to datetime-local", () => {
  it("shows a stored UTC instant in the given offset", () => {
    expect(rfc3339ToLocalInput("2026-11-20T08:30:00.000000Z", 60)).toBe("2026-11-20T09:30");
    expect(rfc3339ToLocalInput("2026-11-20T01:00:00Z", -210)).toBe("2026-11-19T21:30");
    expect(rfc3339ToLocalInput("2026-11-20T20:00:00Z", 330)).toBe("2026-11-21T01:30");
  });

  it.each([0, 60, -300, 330, -210, 345, 600])("round-trips through offset %i", (offset) => {
    const local = "2026-03-29T02:45";
    const rfc = localInputToRfc3339(local, offset)!;
    const utc = new Date(rfc).toISOString();
    expect(rfc3339ToLocalInput(utc, offset)).toBe(local);
  });

  it("round-trips in the machine's own timezone", () => {
    for (const local of ["2026-01-15T08:00", "2026-07-15T17:45", "2026-12-31T23:59"]) {
      const utc = new Date(localInputToRfc3339(local)!).toISOString();
      expect(rfc3339ToLocalInput(utc)).toBe(local);
    }
  });

  it("gives an empty value for garbage", () => {
    expect(rfc3339ToLocalInput("not a date")).toBe("");
  });
});

describe("display", () => {
  it("formats calendar dates without timezone shifts", () => {
    expect(formatDate("2026-11-20")).toBe("20 Nov 2026");
    expect(formatDate("1984-03-02")).toBe("2 Mar 1984");
    expect(formatDate(null)).toBe("");
  });

  it("formats instants in the given offset", () => {
    expect(formatDateTime("2026-11-20T23:30:00Z", 60)).toBe("21 Nov 2026, 00:30");
  });

  it("formats durations", () => {
    expect(formatDuration("2026-11-20T09:00:00Z", "2026-11-20T09:35:00Z")).toBe("35 min");
    expect(formatDuration("2026-11-20T09:00:00Z", "2026-11-20T10:05:00Z")).toBe("1 h 05 min");
    expect(formatDuration("2026-11-20T09:00:00Z", null)).toBe("");
  });

  it("drops seconds from now", () => {
    expect(nowLocalInput(new Date(Date.UTC(2026, 10, 20, 8, 30, 59)), 60)).toBe("2026-11-20T09:30");
  });

  it("computes age in whole years", () => {
    expect(ageInYears("1984-03-12", new Date(2026, 2, 11))).toBe(41);
    expect(ageInYears("1984-03-12", new Date(2026, 2, 12))).toBe(42);
  });
});

describe("in a half-hour, negative timezone (America/St_Johns)", () => {
  // Node re-reads TZ when it changes, so the local-time defaults use this zone here.
  beforeEach(() => {
    vi.stubEnv("TZ", "America/St_Johns");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("sends winter and summer times with the offset in force on that day", () => {
    expect(localInputToRfc3339("2026-01-15T09:30")).toBe("2026-01-15T09:30:00-03:30");
    expect(localInputToRfc3339("2026-07-15T09:30")).toBe("2026-07-15T09:30:00-02:30");
  });

  it("shows stored UTC instants in local wall-clock time", () => {
    expect(rfc3339ToLocalInput("2026-01-15T13:00:00Z")).toBe("2026-01-15T09:30");
    expect(formatDateTime("2026-01-15T02:00:00Z")).toBe("14 Jan 2026, 22:30");
  });
});
