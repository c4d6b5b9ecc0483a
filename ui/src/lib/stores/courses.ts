// Courses: a patient's list with progress, and saving one (which refreshes the clinic's due list).
import type { Course } from "../../bindings/Course";
import type { CourseInput } from "../../bindings/CourseInput";
import { api } from "../api";
import { dueList } from "./due.svelte";

export function listPatientCourses(patientId: string): Promise<Course[]> {
  return api.listPatientCourses(patientId);
}

export async function saveCourse(input: CourseInput): Promise<Course> {
  const saved = await api.saveCourse(input);
  void dueList.refresh();
  return saved;
}
