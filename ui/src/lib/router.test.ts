import { describe, expect, it } from "vitest";
import { inputId } from "./field-errors";
import { href, parseRoute } from "./router.svelte";

describe("hash routes", () => {
  it.each([
    ["", { name: "home" }],
    ["#/", { name: "home" }],
    ["#/patients/new", { name: "patient-new" }],
    ["#/patients/p1", { name: "patient", id: "p1" }],
    ["#/patients/p1/edit", { name: "patient-edit", id: "p1" }],
    ["#/patients/p1/photos", { name: "patient-photos", id: "p1" }],
    ["#/consents/c1", { name: "consent", id: "c1" }],
    ["#/patients/p1/sessions/new", { name: "session-new", patientId: "p1" }],
    ["#/sessions/s1", { name: "session", id: "s1" }],
    ["#/sessions/s1/edit", { name: "session-edit", id: "s1" }],
    ["#/settings", { name: "settings" }],
    ["#/due", { name: "due" }],
    ["#/account", { name: "account" }],
    ["#/users", { name: "users" }],
    ["#/audit", { name: "audit" }],
    ["#/audit?patient=p1", { name: "audit", patient: "p1" }],
    ["#/backups", { name: "backups" }],
    ["#/import", { name: "import" }],
    ["#/export", { name: "export" }],
    ["#/nowhere", { name: "not-found", path: "/nowhere" }],
  ])("%s", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it("reads the session to repeat from the query, and keeps the plain new-session route", () => {
    expect(parseRoute("#/patients/p1/sessions/new?from=s1")).toEqual({ name: "session-new", patientId: "p1", from: "s1" });
    expect(parseRoute("#/patients/p1/sessions/new?other=1")).toStrictEqual({ name: "session-new", patientId: "p1" });
    expect(parseRoute(href.repeatSession("p 1", "s/9"))).toEqual({ name: "session-new", patientId: "p 1", from: "s/9" });
    expect(parseRoute("#/patients/p1?from=s1")).toEqual({ name: "patient", id: "p1" });
  });

  it("builds links that parse back", () => {
    expect(parseRoute(href.newSession("abc"))).toEqual({ name: "session-new", patientId: "abc" });
    expect(parseRoute(href.editSession("s9"))).toEqual({ name: "session-edit", id: "s9" });
    expect(parseRoute(href.due())).toEqual({ name: "due" });
    expect(parseRoute(href.account())).toEqual({ name: "account" });
    expect(parseRoute(href.users())).toEqual({ name: "users" });
    expect(parseRoute(href.audit())).toStrictEqual({ name: "audit" });
    expect(parseRoute(href.audit("p 1/2"))).toEqual({ name: "audit", patient: "p 1/2" });
    expect(parseRoute(href.backups())).toEqual({ name: "backups" });
    expect(parseRoute(href.importData())).toEqual({ name: "import" });
    expect(parseRoute(href.exportData())).toEqual({ name: "export" });
    expect(parseRoute(href.patientPhotos("p 1"))).toEqual({ name: "patient-photos", id: "p 1" });
    expect(parseRoute(href.consent("c 1"))).toEqual({ name: "consent", id: "c 1" });
  });
});

describe("field paths to input ids", () => {
  it.each([
    ["given_name", "given_name"],
    ["areas", "areas"],
    ["areas[1].needle_depth_mm", "areas-1-needle_depth_mm"],
    ["products[0].expiry_on", "products-0-expiry_on"],
    ["reactions[12].grade", "reactions-12-grade"],
  ])("%s → %s", (path, id) => {
    expect(inputId(path)).toBe(id);
  });
});
