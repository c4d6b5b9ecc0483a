//! Course progress: how many sessions are done, when the next is due, and whether it is due
//! soon or late, as of a given day. The count and the latest session are kept on the course
//! row by the session save, in its transaction (`refresh`); the state is judged when read,
//! so it follows the calendar without any write.

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, Row};
use uuid::Uuid;

use super::{Course, CourseState, DueCourse};
use crate::db::{parse_date, parse_id, parse_ts, Db};
use crate::error::Result;

/// What progress is judged from.
pub(crate) struct Plan {
    pub target: i32,
    pub interval_days: i32,
    pub started_on: NaiveDate,
    pub stopped_on: Option<NaiveDate>,
    pub done: i32,
    pub last_on: Option<NaiveDate>,
}

/// The derived part of a course: (next due, days overdue, state) as of `today`, "due soon"
/// from `soon_days` before the due date.
pub(crate) fn judge(
    p: &Plan,
    today: NaiveDate,
    soon_days: i32,
) -> (Option<NaiveDate>, i32, CourseState) {
    if p.stopped_on.is_some_and(|s| s <= today) {
        return (None, 0, CourseState::Stopped);
    }
    if p.done >= p.target {
        return (None, 0, CourseState::Completed);
    }
    let due = match p.last_on {
        Some(last) => last
            .checked_add_days(Days::new(u64::try_from(p.interval_days).unwrap_or(0)))
            .unwrap_or(last),
        None => p.started_on,
    };
    let late = (today - due).num_days();
    if late > 0 {
        (
            Some(due),
            i32::try_from(late).unwrap_or(i32::MAX),
            CourseState::Overdue,
        )
    } else if -late <= i64::from(soon_days) {
        (Some(due), 0, CourseState::DueSoon)
    } else {
        (Some(due), 0, CourseState::OnTrack)
    }
}

const SELECT: &str = "SELECT c.id, c.patient_id, c.protocol_id, c.name, c.indication,
        c.target_sessions, c.interval_days, c.started_on, c.stopped_on, c.note,
        c.sessions_done, c.last_session_at,
        p.given_name, p.family_name
    FROM course c JOIN patient p ON p.id = c.patient_id";

/// The clinic's look-ahead for "due soon": one setting, not the whole reference data.
/// The day the next session is due, as indexed by `course_next_due` (migration 0009): the
/// same rule as `judge`, in SQL, so the due list reads only the courses due by a day.
const NEXT_DUE: &str = "CASE WHEN c.last_session_at IS NULL THEN c.started_on \
    ELSE date(substr(c.last_session_at, 1, 10), '+' || c.interval_days || ' days') END";

const REFRESH: &str = "UPDATE course SET
        sessions_done = (SELECT count(*) FROM session WHERE course_id = course.id),
        last_session_at = (SELECT max(started_at) FROM session WHERE course_id = course.id)";

/// Brings a course's session count and latest session up to date, inside the session
/// save's transaction (for the course a session joins and the one it leaves).
pub(crate) fn refresh(conn: &Connection, course: &str) -> Result<()> {
    conn.prepare_cached(&format!("{REFRESH} WHERE id = ?1"))?
        .execute(params![course])?;
    Ok(())
}

/// The same for every course (bulk loads such as the demo generator).
pub(crate) fn refresh_all(conn: &Connection) -> Result<()> {
    conn.execute(REFRESH, [])?;
    Ok(())
}

fn soon_days(conn: &Connection) -> Result<i32> {
    crate::reference::int_setting(conn, "due_soon_days")
}

fn course(r: &Row<'_>, today: NaiveDate, soon: i32) -> Result<Course> {
    let started_on = parse_date("course.started_on", &r.get::<_, String>(7)?)?;
    let stopped_on = r
        .get::<_, Option<String>>(8)?
        .map(|d| parse_date("course.stopped_on", &d))
        .transpose()?;
    let target: i32 = r.get(5)?;
    let interval: i32 = r.get(6)?;
    let done: i32 = r.get(10)?;
    // The day of the last session (UTC: the offset a session was entered in is not stored).
    let last_on = r
        .get::<_, Option<String>>(11)?
        .map(|t| parse_ts("session.started_at", &t).map(|t| t.date_naive()))
        .transpose()?;
    let plan = Plan {
        target,
        interval_days: interval,
        started_on,
        stopped_on,
        done,
        last_on,
    };
    let (next_due_on, days_overdue, state) = judge(&plan, today, soon);
    Ok(Course {
        id: parse_id("course.id", &r.get::<_, String>(0)?)?,
        patient_id: parse_id("course.patient_id", &r.get::<_, String>(1)?)?,
        protocol_id: r
            .get::<_, Option<String>>(2)?
            .map(|p| parse_id("course.protocol_id", &p))
            .transpose()?,
        name: r.get(3)?,
        indication: r.get(4)?,
        target_sessions: target,
        interval_days: interval,
        started_on,
        stopped_on,
        note: r.get(9)?,
        sessions_done: done,
        last_session_on: last_on,
        next_due_on,
        days_overdue,
        state,
    })
}

/// A patient's courses, newest first, with progress as of `today`.
pub fn list_for_patient(db: &Db, patient: Uuid, today: NaiveDate) -> Result<Vec<Course>> {
    db.read(|conn| {
        crate::patients::exists(conn, patient)?;
        let soon = soon_days(conn)?;
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE c.patient_id = ?1 ORDER BY c.started_on DESC, c.id DESC"
        ))?;
        let mut rows = stmt.query(params![patient.to_string()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(course(r, today, soon)?);
        }
        Ok(out)
    })
}

/// One course with progress as of `today`, or `None` when there is none (inside a save's
/// transaction, for its audit row).
pub(crate) fn load(conn: &Connection, id: Uuid, today: NaiveDate) -> Result<Option<Course>> {
    let soon = soon_days(conn)?;
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))?;
    let mut rows = stmt.query(params![id.to_string()])?;
    match rows.next()? {
        Some(r) => Ok(Some(course(r, today, soon)?)),
        None => Ok(None),
    }
}

/// Clinic-wide: running courses of patients not archived whose next session is overdue or
/// due within the clinic's look-ahead, most urgent first.
pub fn due_list(db: &Db, today: NaiveDate) -> Result<Vec<DueCourse>> {
    db.read(|conn| {
        let soon = soon_days(conn)?;
        let horizon = today
            .checked_add_days(Days::new(u64::try_from(soon).unwrap_or(0)))
            .unwrap_or(today);
        let mut stmt = conn.prepare_cached(&format!(
            "{SELECT} WHERE {NEXT_DUE} <= ?2 AND c.sessions_done < c.target_sessions
               AND p.archived = 0 AND (c.stopped_on IS NULL OR c.stopped_on > ?1)"
        ))?;
        let mut rows = stmt.query(params![today.to_string(), horizon.to_string()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let c = course(r, today, soon)?;
            if matches!(c.state, CourseState::Overdue | CourseState::DueSoon) {
                out.push(DueCourse {
                    course: c,
                    given_name: r.get(12)?,
                    family_name: r.get(13)?,
                });
            }
        }
        out.sort_by_key(|d| (d.course.next_due_on, d.course.id));
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn plan(target: i32, done: i32, last: Option<&str>, stopped: Option<&str>) -> Plan {
        Plan {
            target,
            interval_days: 28,
            started_on: d("2026-01-01"),
            stopped_on: stopped.map(d),
            done,
            last_on: last.map(d),
        }
    }

    #[test]
    fn the_next_session_is_due_an_interval_after_the_last_and_late_the_day_after() {
        let p = plan(6, 2, Some("2026-01-31"), None);
        let j = |today| judge(&p, d(today), 7);
        assert_eq!(
            j("2026-02-20"),
            (Some(d("2026-02-28")), 0, CourseState::OnTrack)
        );
        assert_eq!(
            j("2026-02-21"),
            (Some(d("2026-02-28")), 0, CourseState::DueSoon)
        );
        assert_eq!(
            j("2026-02-28"),
            (Some(d("2026-02-28")), 0, CourseState::DueSoon)
        );
        assert_eq!(
            j("2026-03-01"),
            (Some(d("2026-02-28")), 1, CourseState::Overdue)
        );
    }

    #[test]
    fn intervals_cross_a_leap_day() {
        let p = plan(6, 1, Some("2028-02-10"), None);
        assert_eq!(judge(&p, d("2028-02-10"), 7).0, Some(d("2028-03-09")));
    }

    #[test]
    fn before_any_session_the_first_is_due_on_the_start_date() {
        let p = plan(4, 0, None, None);
        assert_eq!(judge(&p, d("2026-01-01"), 0).2, CourseState::DueSoon);
        assert_eq!(
            judge(&p, d("2026-01-02"), 0),
            (Some(d("2026-01-01")), 1, CourseState::Overdue)
        );
    }

    #[test]
    fn completed_and_stopped_courses_are_never_due() {
        assert_eq!(
            judge(&plan(3, 3, Some("2026-03-01"), None), d("2026-11-20"), 7).2,
            CourseState::Completed
        );
        let stopped = plan(6, 2, Some("2026-02-01"), Some("2026-05-01"));
        assert_eq!(judge(&stopped, d("2026-05-01"), 7).2, CourseState::Stopped);
        assert_eq!(
            judge(&stopped, d("2026-04-30"), 7).2,
            CourseState::Overdue,
            "stops on its date, not before"
        );
    }
}
