import { describe, expect, it } from "vitest";
import type { Finding } from "../bindings/Finding";
import type { SessionInput } from "../bindings/SessionInput";
import { byField, fieldAttrs, findingSummary, firstFinding, settleErrors, shownFindings } from "./findings";
import { LiveCheck } from "./live-check.svelte";

const DEPTH = "areas[0].needle_depth_mm";
const warn: Finding = {
  field: DEPTH, level: "warn", code: "depth_above_typical", message: "Deeper than usual.", rule: null, overridden: false,
};
const block: Finding = {
  field: DEPTH, level: "block", code: "depth_off_step", message: "Set in 0.25 mm steps.", rule: null, overridden: false,
};
const pregnancy: Finding = {
  field: "screening.pregnancy", level: "block", code: "contraindication", rule: "pregnancy", overridden: false,
  message: "Pregnancy: Pregnant since 3 Mar 2026. Postpone until after pregnancy. To go ahead, write an override reason.",
};
const passed: Finding = { ...pregnancy, overridden: true, message: "Pregnancy: Pregnant since 3 Mar 2026. Postpone until after pregnancy." };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("findings", () => {
  it("sums up refusals and warnings for the save bar", () => {
    expect(findingSummary([])).toBe("");
    expect(findingSummary([warn, { ...warn, field: "areas[1].area_id" }])).toBe("2 warnings");
    expect(findingSummary([block, warn])).toBe("1 problem must be fixed before saving · 1 warning");
    expect(findingSummary([block, { ...block, field: "products[0].expiry_on" }]))
      .toBe("2 problems must be fixed before saving");
  });

  it("no longer counts an overridden screening block as a problem", () => {
    expect(findingSummary([pregnancy, warn])).toBe("1 problem must be fixed before saving · 1 warning");
    expect(findingSummary([passed, warn])).toBe("1 warning · 1 overridden");
    expect(firstFinding([warn, passed, pregnancy])).toBe(pregnancy);
    expect(firstFinding([warn, passed])).toBe(warn);
  });

  it("drops a refused screening error once an override reason passes the block", () => {
    const errors = { "screening.pregnancy": pregnancy.message };
    expect(settleErrors(errors, [pregnancy], [pregnancy])).toBe(errors);
    expect(settleErrors(errors, [pregnancy], [passed])).toEqual({});
  });

  it("does not repeat a refusal that the field's error already says", () => {
    const found = byField([block, warn]);
    expect(shownFindings(found[DEPTH], undefined)).toEqual([block, warn]);
    expect(shownFindings(found[DEPTH], "Set in 0.25 mm steps.")).toEqual([warn]);
    expect(fieldAttrs({}, found, DEPTH)).toMatchObject({
      "aria-describedby": "areas-0-needle_depth_mm-finding", "data-finding": "block", "aria-invalid": undefined,
    });
  });

  it("drops a refused depth's error once the refusal is gone, and keeps other errors", () => {
    const errors = { [DEPTH]: "Set in 0.25 mm steps.", passes: "Passes is required." };
    expect(settleErrors(errors, [block], [block])).toBe(errors);
    expect(settleErrors(errors, [block], [warn])).toEqual({ passes: "Passes is required." });
    expect(settleErrors(errors, [], [warn]), "not known as a refusal: kept").toBe(errors);
  });

  it("checks after a pause and drops a reply to an older draft", async () => {
    const replies: ((f: Finding[]) => void)[] = [];
    const asked: number[] = [];
    const live = new LiveCheck((input) => {
      asked.push(input.areas.length);
      return new Promise((r) => replies.push(r));
    }, undefined, 10);
    const input = (n: number) => ({ areas: new Array(n).fill({}) }) as unknown as SessionInput;
    live.schedule(input(1));
    live.schedule(input(2));
    await sleep(30);
    expect(asked, "typing in a burst asks once").toEqual([2]);
    live.schedule(input(3));
    await sleep(30);
    replies[1]([warn]);
    await sleep(0);
    replies[0]([block]);
    await sleep(0);
    expect(live.findings).toEqual([warn]);
  });
});
