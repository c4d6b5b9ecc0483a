// Courses in the UI, on the memory backend: starting one on the patient page, the session
// form's course and protocol, "session n of N" on saved sessions, and the clinic's due list.
import { cleanup, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import type { CourseInput } from "../../bindings/CourseInput";
import type { SessionInput } from "../../bindings/SessionInput";
import type { Backend } from "../../lib/api/backend";
import { createMemoryBackend } from "../../lib/api/memory";
import { formatDate, todayIso } from "../../lib/time";
import { addPatient, renderApp } from "../../testing";

const DAY = 86_400_000;
const FOREHEAD = "00000000-0000-7000-8001-000000000001";
const PERIORBITAL = "00000000-0000-7000-8001-000000000002";
const PERIORAL = "00000000-0000-7000-8001-000000000006";
const CHEEK_LEFT = "00000000-0000-7000-8001-000000000004";
const PEN_025 = "00000000-0000-7000-8005-000000000002";
const HA_SERUM = "00000000-0000-7000-800a-000000000001";

const el = <T extends HTMLElement = HTMLInputElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no element #${id}`);
  return found as T;
};
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => utcDay(Date.parse(`${day}T00:00:00Z`) + n * DAY);

function courseInput(patientId: string, fields: Partial<CourseInput> = {}): CourseInput {
  return {
    id: uuidv7(), patient_id: patientId, protocol_id: null, name: "Acne scars, face", indication: "acne_scars",
    target_sessions: 6, interval_days: 28, started_on: utcDay(Date.now() - 90 * DAY), stopped_on: null, note: "",
    ...fields,
  };
}

function sessionInput(patientId: string, daysAgo: number, fields: Partial<SessionInput> = {}): SessionInput {
  return {
    id: uuidv7(), patient_id: patientId, started_at: new Date(Date.now() - daysAgo * DAY).toISOString(), ended_at: null,
    clinician_name: "Dr. Navarro", indications: ["acne_scars"], numbing_product: null, numbing_minutes: null,
    skin_prep: null, pain_score: null, notes: "", aftercare_given: false, next_session_on: null,
    areas: [{
      id: null, area_id: CHEEK_LEFT, device_kind: "derma_pen", device_model_id: null, device_model: null,
      needle_depth_mm: 1.5, passes: 3, speed_level: null, pattern: null, needle_count: null, cartridge_lot: null,
      endpoint: null, notes: "",
    }],
    products: [], reactions: [], overrides: [], course_id: null, ...fields,
  };
}

describe("courses", () => {
  it("starts a course from a protocol on the patient page and shows its progress after a session", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b, { given_name: "Anna", family_name: "Berg" });
    await renderApp(`#/patients/${p.id}`, b);
    const user = userEvent.setup();
    const panel = await screen.findByTestId("courses");
    expect(within(panel).getByTestId("courses-empty")).toBeInTheDocument();

    await user.click(within(panel).getByTestId("start-course"));
    const protocol = within(panel).getByTestId("course-protocol");
    expect(protocol).toHaveFocus();
    await user.selectOptions(protocol, "Acne scars, face");
    expect(el("course-name")).toHaveValue("Acne scars, face");
    expect(el<HTMLSelectElement>("course-indication").value).toBe("acne_scars");
    expect(el("course-target_sessions")).toHaveValue(6);
    expect(el("course-interval_days")).toHaveValue(35);
    expect(el("course-started_on")).toHaveValue(todayIso());
    await user.click(within(panel).getByTestId("course-save"));

    const [stored] = await b.listPatientCourses(p.id);
    expect(stored).toMatchObject({ name: "Acne scars, face", target_sessions: 6, interval_days: 35, protocol_id: expect.any(String) });
    const row = await within(panel).findByTestId(`course-${stored.id}`);
    expect(within(row).getByTestId("course-progress")).toHaveTextContent("0 of 6 sessions");
    expect(within(row).getByTestId("course-state")).toHaveTextContent("Due soon");
    expect(within(row).getByTestId("course-next-due")).toHaveTextContent(formatDate(stored.next_due_on));
    expect(row).toHaveTextContent("every 35 days");

    // The course's first session, through the form: the only running course is chosen.
    await user.click(screen.getByTestId("new-session"));
    const course = await screen.findByTestId("session-course");
    expect(course).toHaveValue(stored.id);
    expect(screen.getByTestId("course-position")).toHaveTextContent("Session 1 of 6");
    await user.selectOptions(screen.getByTestId("start-from-protocol"), "Acne scars, face");
    await user.clear(el("clinician_name"));
    await user.type(el("clinician_name"), "Dr. Weber");
    await user.click(screen.getByTestId("save-session"));

    expect(await screen.findByTestId("session-course-line")).toHaveTextContent("Session 1 of 6 · Acne scars, face");
    await user.click(screen.getByRole("link", { name: "← Anna Berg" }));
    const after = await screen.findByTestId(`course-${stored.id}`);
    expect(within(after).getByTestId("course-progress")).toHaveTextContent("1 of 6 sessions");
    expect(within(after).getByTestId("course-state")).toHaveTextContent("On track");
    expect(within(after).getByTestId("course-next-due")).toHaveTextContent(formatDate(addDays(utcDay(Date.now()), 35)));
    expect(screen.getByTestId("card-course")).toHaveTextContent("Session 1 of 6 · Acne scars, face");
  });

  it("stops a course only after confirmation", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b);
    const c = await b.saveCourse(courseInput(p.id, { started_on: utcDay(Date.now() - 10 * DAY) }));
    await renderApp(`#/patients/${p.id}`, b);
    const user = userEvent.setup();
    const row = await screen.findByTestId(`course-${c.id}`);
    expect(within(row).getByTestId("course-state")).toHaveTextContent("Overdue by 10 days");

    await user.click(within(row).getByTestId("course-stop"));
    await user.click(within(row).getByRole("button", { name: "Keep it running" }));
    expect((await b.listPatientCourses(p.id))[0].stopped_on).toBeNull();

    await user.click(within(row).getByTestId("course-stop"));
    await user.click(within(row).getByTestId("confirm-stop-course"));
    await waitFor(() => expect(within(row).getByTestId("course-state")).toHaveTextContent("Stopped"));
    expect(within(row).queryByTestId("course-stop")).toBeNull();
    expect((await b.listPatientCourses(p.id))[0].stopped_on).toBe(todayIso());
  });
});

describe("session form: course and protocol", () => {
  async function patientWithCourses(b: Backend) {
    const p = await addPatient(b, { given_name: "Anna", family_name: "Berg" });
    const acne = await b.saveCourse(courseInput(p.id));
    const lines = await b.saveCourse(courseInput(p.id, {
      name: "Fine lines, face", indication: "fine_lines", target_sessions: 4, started_on: utcDay(Date.now() - 20 * DAY),
    }));
    const done = await b.saveCourse(courseInput(p.id, { name: "Done already", target_sessions: 1 }));
    await b.saveSession(sessionInput(p.id, 60, { course_id: acne.id }));
    await b.saveSession(sessionInput(p.id, 30, { course_id: acne.id }));
    await b.saveSession(sessionInput(p.id, 45, { course_id: done.id }));
    return { p, acne, lines, done };
  }

  it("offers the running courses (newest first), none by default when there are two, and says which session this is", async () => {
    const b = createMemoryBackend();
    const { p, acne, lines } = await patientWithCourses(b);
    await renderApp(`#/patients/${p.id}/sessions/new`, b);
    const user = userEvent.setup();
    const select = await screen.findByTestId<HTMLSelectElement>("session-course");
    expect([...select.options].map((o) => o.textContent)).toEqual(["No course", "Fine lines, face", "Acne scars, face"]);
    expect(select).toHaveValue("");
    expect(screen.queryByTestId("course-position")).toBeNull();

    await user.selectOptions(select, "Acne scars, face");
    expect(screen.getByTestId("course-position")).toHaveTextContent("Session 3 of 6");
    await user.selectOptions(select, "Fine lines, face");
    expect(screen.getByTestId("course-position")).toHaveTextContent("Session 1 of 4");

    await user.clear(el("clinician_name"));
    await user.type(el("clinician_name"), "Dr. Weber");
    await user.selectOptions(el("areas-0-area_id"), CHEEK_LEFT);
    await user.selectOptions(el("areas-0-device_kind"), "derma_pen");
    await user.type(el("areas-0-needle_depth_mm"), "0.5");
    await user.type(el("areas-0-passes"), "2");
    await user.click(screen.getByTestId("save-session"));
    await screen.findByTestId("session-detail");
    const [newest] = await b.listPatientSessions(p.id);
    expect(newest).toMatchObject({ course_id: lines.id, course_number: 1, course_target: 4 });

    // Editing a session keeps its place in its course; repeating it copies the course.
    const second = (await b.listPatientSessions(p.id)).find((s) => s.course_id === acne.id && s.course_number === 2)!;
    cleanup();
    await renderApp(`#/sessions/${second.id}/edit`, b);
    expect(await screen.findByTestId("session-course")).toHaveValue(acne.id);
    expect(screen.getByTestId("course-position")).toHaveTextContent("Session 2 of 6");
    expect(screen.queryByTestId("start-from-protocol"), "only a new session starts from a protocol").toBeNull();
  });

  it("picks the only running course by default and keeps the course when repeating a session", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b);
    const acne = await b.saveCourse(courseInput(p.id));
    const last = await b.saveSession(sessionInput(p.id, 30, { course_id: acne.id }));
    await b.saveCourse(courseInput(p.id, { name: "Stopped", stopped_on: utcDay(Date.now() - DAY) }));
    await renderApp(`#/patients/${p.id}/sessions/new`, b);
    expect(await screen.findByTestId("session-course")).toHaveValue(acne.id);
    expect(screen.getByTestId("course-position")).toHaveTextContent("Session 2 of 6");

    cleanup();
    await renderApp(`#/patients/${p.id}/sessions/new?from=${last.id}`, b);
    expect(await screen.findByTestId("repeat-notice")).toBeInTheDocument();
    expect(screen.getByTestId("session-course")).toHaveValue(acne.id);
    expect(screen.queryByTestId("start-from-protocol")).toBeNull();
  });

  it("fills the indication, three areas with their depths and the serum from a protocol", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b, { indications: ["acne_scars"] });
    await renderApp(`#/patients/${p.id}/sessions/new`, b);
    const user = userEvent.setup();
    const protocol = await screen.findByTestId("start-from-protocol");
    expect(screen.queryByTestId("session-course"), "no course to choose").toBeNull();
    await user.selectOptions(protocol, "Fine lines, face");

    const row = (i: number) => ({
      area: el<HTMLSelectElement>(`areas-${i}-area_id`).value,
      kind: el<HTMLSelectElement>(`areas-${i}-device_kind`).value,
      model: el<HTMLSelectElement>(`areas-${i}-device_model_id`).value,
      depth: el(`areas-${i}-needle_depth_mm`).value,
      passes: el(`areas-${i}-passes`).value,
      pattern: el<HTMLSelectElement>(`areas-${i}-pattern`).value,
    });
    expect([row(0), row(1), row(2)]).toEqual([
      { area: FOREHEAD, kind: "derma_pen", model: PEN_025, depth: "0.5", passes: "2", pattern: "crosshatch" },
      { area: PERIORBITAL, kind: "derma_pen", model: PEN_025, depth: "0.25", passes: "2", pattern: "horizontal" },
      { area: PERIORAL, kind: "derma_pen", model: PEN_025, depth: "0.5", passes: "2", pattern: "vertical" },
    ]);
    expect(document.getElementById("areas-3-area_id")).toBeNull();
    expect(el("products-0-name")).toHaveValue("Hyaluronic acid serum");
    expect(el("products-0-name")).toHaveAttribute("data-product-id", HA_SERUM);
    expect(el<HTMLSelectElement>("products-0-role").value).toBe("serum");
    expect(el("products-0-lot")).toHaveValue("");
    expect(document.getElementById("products-1-name")).toBeNull();
    expect(el("session-indication-fine_lines")).toBeChecked();
    expect(el("session-indication-acne_scars")).not.toBeChecked();
    expect(screen.getByTestId("protocol-filled")).toHaveTextContent("3 areas and Hyaluronic acid serum");

    // Another protocol over chosen areas asks first; keeping them changes nothing.
    await user.selectOptions(protocol, "Hair loss, scalp");
    await user.click(screen.getByRole("button", { name: "Keep my areas" }));
    expect(row(0).area).toBe(FOREHEAD);
    expect(protocol).toHaveValue("");
    await user.selectOptions(protocol, "Hair loss, scalp");
    await user.click(screen.getByTestId("confirm-protocol"));
    expect(document.getElementById("areas-1-area_id")).toBeNull();
    expect(row(0)).toMatchObject({ depth: "1", passes: "3" });
    expect(el("products-1-name")).toHaveValue("PRP (platelet-rich plasma)");
  });
});

describe("due and overdue", () => {
  it("lists the overdue course first, links each patient and counts the overdue in the sidebar", async () => {
    // Noon today, so the backend's (UTC) day is the local day the page counts from.
    const noon = new Date();
    noon.setHours(12, 0, 0, 0);
    const b = createMemoryBackend({ now: () => noon });
    const day = (daysAgo: number) => utcDay(noon.getTime() - daysAgo * DAY);
    const soon = await addPatient(b, { given_name: "Sara", family_name: "Soon" });
    const late = await addPatient(b, { given_name: "Lena", family_name: "Late" });
    const fine = await addPatient(b, { given_name: "Olof", family_name: "Ontrack" });
    const gone = await addPatient(b, { given_name: "Arne", family_name: "Archived" });
    const soonCourse = await b.saveCourse(courseInput(soon.id, { name: "Fine lines, face", started_on: day(40) }));
    await b.saveSession({ ...sessionInput(soon.id, 0), started_at: new Date(noon.getTime() - 25 * DAY).toISOString(),
      course_id: soonCourse.id });
    await b.saveCourse(courseInput(late.id, { name: "Hair loss, scalp", started_on: day(12) }));
    await b.saveCourse(courseInput(fine.id, { started_on: day(-20) }));
    await b.saveCourse(courseInput(gone.id, { started_on: day(50) }));
    await b.archivePatient(gone.id);

    await renderApp("#/due", b);
    const page = await screen.findByTestId("due-page");
    const rows = await within(page).findAllByTestId("due-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Late, Lena");
    expect(rows[0]).toHaveTextContent("Hair loss, scalp");
    expect(rows[0]).toHaveTextContent("Session 1 of 6");
    expect(within(rows[0]).getByTestId("due-status")).toHaveTextContent("Overdue by 12 days");
    expect(rows[1]).toHaveTextContent("Soon, Sara");
    expect(rows[1]).toHaveTextContent("Session 2 of 6");
    expect(rows[1]).toHaveTextContent(formatDate(day(-3)));
    expect(within(rows[1]).getByTestId("due-status")).toHaveTextContent("Due in 3 days");
    expect(screen.getByTestId("due-count")).toHaveTextContent("1");
    expect(screen.getByTestId("due-link")).toHaveAttribute("aria-current", "page");

    const user = userEvent.setup();
    await user.click(within(rows[0]).getByRole("link", { name: "Late, Lena" }));
    expect(await screen.findByTestId("patient-name")).toHaveTextContent("Lena Late");
  });

  it("links the due list from the start page with the numbers", async () => {
    const b = createMemoryBackend();
    const p = await addPatient(b);
    await b.saveCourse(courseInput(p.id, { started_on: utcDay(Date.now() - 5 * DAY) }));
    await renderApp("#/", b);
    const link = await screen.findByTestId("home-due-link");
    await waitFor(() => expect(link).toHaveTextContent("1 course overdue, 0 due soon"));
    expect(link).toHaveAttribute("href", "#/due");
  });
});
