//! Consent in force: revocation happens once, from a date, and the status and photo uses
//! follow the consents in force on a given day.

use chrono::{NaiveDate, TimeZone, Utc};
use dermalog_core::consent::{self, ConsentKind, PhotoScope, RevokeConsentInput};
use dermalog_core::Error;

use super::consent::{day, drawn, signed_treatment};
use super::fixtures::*;

#[test]
fn a_consent_is_revoked_once_from_a_date_and_the_status_follows() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let c = signed_treatment(&t, p.id);
    let revoke = |on: NaiveDate, reason: &str| RevokeConsentInput {
        consent_id: c.id,
        reason: reason.into(),
        effective_on: on,
    };
    let later = Utc
        .with_ymd_and_hms(2026, 12, 10, 9, 0, 0)
        .single()
        .expect("time");
    assert_eq!(
        invalid_fields(consent::revoke_consent(
            &t.db,
            &by(later),
            revoke(day(2026, 11, 19), "Moved away")
        )),
        ["effective_on"],
        "before the day it was signed"
    );
    assert_eq!(
        invalid_fields(consent::revoke_consent(
            &t.db,
            &by(later),
            revoke(day(2026, 12, 11), "Moved away")
        )),
        ["effective_on"],
        "in the future"
    );
    assert_eq!(
        invalid_fields(consent::revoke_consent(
            &t.db,
            &by(later),
            revoke(day(2026, 12, 1), "  ")
        )),
        ["reason"]
    );
    let revoked = consent::revoke_consent(
        &t.db,
        &by(later),
        revoke(day(2026, 12, 1), "Withdrawn by phone"),
    )
    .expect("revoke");
    let r = revoked.revoked.expect("revocation");
    assert_eq!(
        (r.effective_on, r.revoked_by, r.revoked_at),
        (day(2026, 12, 1), USER_ID, later)
    );
    assert!(matches!(
        consent::revoke_consent(&t.db, &by(later), revoke(day(2026, 12, 2), "Again")),
        Err(Error::Conflict(_))
    ));

    let status = |on| consent::consent_status(&t.db, p.id, on).expect("status");
    assert_eq!(status(day(2026, 11, 19)).treatment, None, "not yet signed");
    assert_eq!(
        status(day(2026, 11, 20)).treatment.map(|x| x.id),
        Some(c.id)
    );
    assert_eq!(
        status(day(2026, 11, 30)).treatment.map(|x| x.id),
        Some(c.id)
    );
    assert_eq!(
        status(day(2026, 12, 1)).treatment,
        None,
        "revoked from that day"
    );
    let listed = consent::patient_consents(&t.db, p.id).expect("list");
    assert_eq!(listed.len(), 1, "kept on file");
    assert!(listed[0].revoked.is_some());
}

#[test]
fn photo_use_follows_the_scopes_of_photo_consents_in_force() {
    let t = fresh();
    let p = add_patient(&t.db, "Ada", "Lovelace");
    let today = now().date_naive();
    let allowed = |scope| consent::photo_use_allowed(&t.db, p.id, scope, today).expect("allowed");
    assert!(!allowed(PhotoScope::ClinicalRecord), "no photo consent yet");
    assert_eq!(
        invalid_fields(consent::record_consent(
            &t.db,
            &by(now()),
            drawn(&t, p.id, ConsentKind::Photo, &[PhotoScope::Teaching])
        )),
        ["scopes"],
        "the clinical record is always included"
    );
    assert_eq!(
        invalid_fields(consent::record_consent(
            &t.db,
            &by(now()),
            drawn(
                &t,
                p.id,
                ConsentKind::Treatment,
                &[PhotoScope::ClinicalRecord]
            )
        )),
        ["scopes"],
        "a treatment consent has no photo uses"
    );
    consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Photo, &[PhotoScope::ClinicalRecord]),
    )
    .expect("clinical record only");
    assert!(allowed(PhotoScope::ClinicalRecord));
    assert!(!allowed(PhotoScope::Teaching), "teaching was not ticked");
    let both = [
        PhotoScope::Teaching,
        PhotoScope::ClinicalRecord,
        PhotoScope::Teaching,
    ];
    let second = consent::record_consent(
        &t.db,
        &by(now()),
        drawn(&t, p.id, ConsentKind::Photo, &both),
    )
    .expect("teaching too");
    assert_eq!(
        second.scopes,
        [PhotoScope::ClinicalRecord, PhotoScope::Teaching]
    );
    assert!(allowed(PhotoScope::Teaching));
    assert!(!allowed(PhotoScope::Marketing));
    let status = consent::consent_status(&t.db, p.id, today).expect("status");
    assert_eq!(status.treatment, None);
    assert_eq!(
        status.photo_scopes,
        [PhotoScope::ClinicalRecord, PhotoScope::Teaching]
    );
}
