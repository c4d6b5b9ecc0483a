// Dates and times as the clinic sees them. The backend wants instants as RFC 3339 with an
// offset and calendar dates as `YYYY-MM-DD`; a `datetime-local` input gives a wall-clock
// time with no zone. Every conversion takes an optional offset (minutes east of UTC) so tests
// pin it; without one the machine's local timezone at that moment is used.

const LOCALE = "en-GB"; // "20 Nov 2026": day and month can't be confused.

const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, "0");

/** `+01:00`, `-03:30`, `+05:45` from minutes east of UTC. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The local offset (minutes east of UTC) in force at a wall-clock time. */
function localOffsetAt(y: number, mo: number, d: number, h: number, mi: number): number {
  return -new Date(y, mo - 1, d, h, mi).getTimezoneOffset();
}

/**
 * A `datetime-local` value (`2026-11-20T09:30`) as RFC 3339 with offset
 * (`2026-11-20T09:30:00+01:00`). Empty or malformed input gives null.
 */
export function localInputToRfc3339(value: string, offsetMinutes?: number): string | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number);
  const s = m[6] ?? "00";
  const offset = offsetMinutes ?? localOffsetAt(y, mo, d, h, mi);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${s}${formatOffset(offset)}`;
}

/** Wall-clock parts of an instant, in the given offset or else in local time. */
function wallClock(date: Date, offsetMinutes?: number) {
  if (offsetMinutes === undefined) {
    return {
      y: date.getFullYear(), mo: date.getMonth() + 1, d: date.getDate(),
      h: date.getHours(), mi: date.getMinutes(),
    };
  }
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  return {
    y: shifted.getUTCFullYear(), mo: shifted.getUTCMonth() + 1, d: shifted.getUTCDate(),
    h: shifted.getUTCHours(), mi: shifted.getUTCMinutes(),
  };
}

function toLocalInput(date: Date, offsetMinutes?: number): string {
  const w = wallClock(date, offsetMinutes);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/** A stored instant (any RFC 3339, usually UTC) as a `datetime-local` value. */
export function rfc3339ToLocalInput(iso: string, offsetMinutes?: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return toLocalInput(date, offsetMinutes);
}

/** Now as a `datetime-local` value, seconds dropped. */
export function nowLocalInput(now: Date = new Date(), offsetMinutes?: number): string {
  return toLocalInput(now, offsetMinutes);
}

/** Today as `YYYY-MM-DD` in local time. */
export function todayIso(now: Date = new Date()): string {
  return toLocalInput(now).slice(0, 10);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A calendar date `YYYY-MM-DD` as `20 Nov 2026` (no timezone involved). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** An instant as `20 Nov 2026` in local time (or in the given offset). */
export function formatInstantDate(iso: string | null | undefined, offsetMinutes?: number): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const w = wallClock(date, offsetMinutes);
  return `${w.d} ${MONTHS[w.mo - 1]} ${w.y}`;
}

/** An instant as `09:30` in local time (or in the given offset). */
export function formatTime(iso: string | null | undefined, offsetMinutes?: number): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const w = wallClock(date, offsetMinutes);
  return `${pad(w.h)}:${pad(w.mi)}`;
}

/** An instant as `20 Nov 2026, 09:30`. */
export function formatDateTime(iso: string | null | undefined, offsetMinutes?: number): string {
  if (!iso) return "";
  return `${formatInstantDate(iso, offsetMinutes)}, ${formatTime(iso, offsetMinutes)}`;
}

/** The weekday of an instant, e.g. `Fri`, in local time. */
export function formatWeekday(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleDateString(LOCALE, { weekday: "short" });
}

/** `35 min`, `1 h 05 min` between two instants; empty when either is missing. */
export function formatDuration(startIso: string | null, endIso: string | null): string {
  if (!startIso || !endIso) return "";
  const minutes = Math.round((new Date(endIso).getTime() - new Date(startIso).getTime()) / 60_000);
  if (!Number.isFinite(minutes) || minutes <= 0) return "";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

/** Whole years between a date of birth and today (local), or null. */
export function ageInYears(dob: string, now: Date = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dob);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = now.getFullYear() - y;
  if (now.getMonth() + 1 < mo || (now.getMonth() + 1 === mo && now.getDate() < d)) age -= 1;
  return age >= 0 ? age : null;
}
