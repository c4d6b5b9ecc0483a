//! Signing and addenda on real databases: a signed session is locked in core and in SQL,
//! addenda only add, and verify notices a signed record changed underneath.

use dermalog_core::accounts::{self, Role, UserInput};
use dermalog_core::aftercare;
use dermalog_core::sessions::{self, Session, SessionStatus, TimePoint};
use dermalog_core::signing::{
    self, content_hash, AddendumInput, AddendumKind, Correction, FollowUpReaction, Meaning,
    SignInput,
};
use dermalog_core::{Error, Result};
use uuid::Uuid;

use super::fixtures::*;

fn user(t: &TestDb, name: &str, roles: &[Role]) -> Uuid {
    let id = Uuid::now_v7();
    accounts::save_user(
        &t.db,
        &by(now()),
        UserInput {
            id,
            username: name.into(),
            display_name: name.into(),
            signature_name: format!("{name}, signature"),
            registration: "REG 1".into(),
            roles: roles.to_vec(),
            active: true,
            password: Some(PASSWORD.into()),
        },
    )
    .expect("user");
    id
}

fn saved_session(t: &TestDb) -> Session {
    let p = add_patient(&t.db, "Ada", "Lovelace");
    sessions::save(&t.db, session_input(&t.db, p.id), &by(now())).expect("draft")
}

fn sign_as(t: &TestDb, who: Uuid, s: &Session, meaning: Meaning) -> Result<Session> {
    signing::sign(
        &t.db,
        &dermalog_core::audit::Actor::new(who, now()),
        SignInput {
            session_id: s.id,
            meaning,
            password: PASSWORD.into(),
        },
    )
}

fn addendum(s: &Session, kind: AddendumKind) -> AddendumInput {
    AddendumInput {
        id: Uuid::now_v7(),
        session_id: s.id,
        kind,
        reason: String::new(),
        text: String::new(),
        corrections: vec![],
        reactions: vec![],
    }
}

#[test]
fn the_author_signature_locks_the_session_with_the_hash_of_its_content() {
    let t = fresh();
    let draft = saved_session(&t);
    let signed = sign_as(&t, USER_ID, &draft, Meaning::Author).expect("sign");
    assert_eq!(signed.status, SessionStatus::Signed);
    let sig = &signed.signatures[0];
    assert_eq!(sig.meaning, Meaning::Author);
    assert_eq!(sig.signer_name, "Dr T. Tester");
    assert_eq!(sig.content_hash, content_hash(&draft), "what was signed");
    assert_eq!(
        sig.content_hash,
        content_hash(&signed),
        "signing changes no content"
    );
    assert_eq!(sig.content_hash.len(), 64);

    let mut edit = session_input(&t.db, draft.patient_id);
    edit.id = draft.id;
    assert!(matches!(
        sessions::save(&t.db, edit, &by(now())),
        Err(Error::Locked)
    ));
    assert!(matches!(
        aftercare::mark_given(&t.db, draft.id, &by(now())),
        Err(Error::Locked)
    ));
    assert!(matches!(
        sign_as(&t, USER_ID, &draft, Meaning::Author),
        Err(Error::Conflict(_))
    ));
    let report = signing::verify(&t.db).expect("verify");
    assert_eq!((report.checked, report.mismatches.len()), (1, 0));
}

#[test]
fn a_wrong_password_or_a_non_clinician_cannot_sign() {
    let t = fresh();
    let draft = saved_session(&t);
    let wrong = signing::sign(
        &t.db,
        &by(now()),
        SignInput {
            session_id: draft.id,
            meaning: Meaning::Author,
            password: "not the password".into(),
        },
    );
    assert_eq!(invalid_fields(wrong), ["password"]);
    let aesthetician = user(&t, "aest", &[Role::Aesthetician]);
    assert!(matches!(
        sign_as(&t, aesthetician, &draft, Meaning::Author),
        Err(Error::Forbidden(_))
    ));
    assert_eq!(
        sessions::get(&t.db, draft.id).expect("get").status,
        SessionStatus::Draft
    );
}

#[test]
fn review_and_cosign_follow_the_author_from_another_clinician() {
    let t = fresh();
    let draft = saved_session(&t);
    let supervisor = user(&t, "super", &[Role::Clinician]);
    assert!(matches!(
        sign_as(&t, supervisor, &draft, Meaning::Cosign),
        Err(Error::Conflict(_))
    ));
    sign_as(&t, USER_ID, &draft, Meaning::Author).expect("author");
    assert!(matches!(
        sign_as(&t, USER_ID, &draft, Meaning::Cosign),
        Err(Error::Conflict(_))
    ));
    let cosigned = sign_as(&t, supervisor, &draft, Meaning::Cosign).expect("cosign");
    assert_eq!(cosigned.signatures.len(), 2);
    assert_eq!(cosigned.signatures[1].meaning, Meaning::Cosign);
    assert_eq!(
        cosigned.signatures[1].content_hash,
        cosigned.signatures[0].content_hash
    );
    assert!(matches!(
        sign_as(&t, supervisor, &draft, Meaning::Cosign),
        Err(Error::Conflict(_))
    ));
}

#[test]
fn addenda_add_to_a_signed_session_and_leave_the_original_as_signed() {
    let t = fresh();
    let draft = saved_session(&t);
    let mut d = addendum(&draft, AddendumKind::Comment);
    d.text = "Comment on a draft".into();
    assert!(matches!(
        signing::add_addendum(&t.db, &by(now()), d),
        Err(Error::Conflict(_))
    ));
    let signed = sign_as(&t, USER_ID, &draft, Meaning::Author).expect("sign");

    let mut c = addendum(&signed, AddendumKind::Correction);
    c.text = "Forehead depth was 0.75 mm, not 0.5 mm.".into();
    assert_eq!(
        invalid_fields(signing::add_addendum(&t.db, &by(now()), c.clone())),
        ["reason"]
    );
    c.reason = "Depth misread from the pen display".into();
    c.corrections = vec![Correction {
        field: "areas[1].needle_depth_mm".into(),
        value: "0.75".into(),
    }];
    let corrected = signing::add_addendum(&t.db, &by(now()), c.clone()).expect("correction");
    assert_eq!(corrected.addenda.len(), 1);
    assert_eq!(corrected.addenda[0].author_name, "Dr T. Tester");
    assert_eq!(corrected.addenda[0].corrections, c.corrections);
    assert_eq!(
        corrected.areas[1].needle_depth_mm, 0.5,
        "the original stays"
    );
    let again = signing::add_addendum(&t.db, &by(now()), c).expect("retry");
    assert_eq!(again.addenda.len(), 1, "a retry adds nothing");

    let aest = user(&t, "aest", &[Role::Aesthetician]);
    let as_aest = dermalog_core::audit::Actor::new(aest, now());
    let mut wrong = addendum(&signed, AddendumKind::Correction);
    wrong.reason = "x".into();
    wrong.text = "y".into();
    assert!(matches!(
        signing::add_addendum(&t.db, &as_aest, wrong),
        Err(Error::Forbidden(_))
    ));
    let r = reference(&t.db);
    let mut f = addendum(&signed, AddendumKind::FollowUp);
    f.reactions = vec![FollowUpReaction {
        reaction_type_id: reaction_type_id(&r, "erythema"),
        grade: 9,
        time_point: TimePoint::H72,
        area_id: None,
        note: String::new(),
    }];
    assert_eq!(
        invalid_fields(signing::add_addendum(&t.db, &as_aest, f.clone())),
        ["reactions[0].grade"]
    );
    f.reactions[0].grade = 1;
    let followed = signing::add_addendum(&t.db, &as_aest, f).expect("follow-up");
    assert_eq!(followed.addenda.len(), 2);
    assert_eq!(followed.addenda[1].kind, AddendumKind::FollowUp);
    assert_eq!(followed.addenda[1].author_id, aest);
    assert_eq!(content_hash(&followed), signed.signatures[0].content_hash);
    assert!(signing::verify(&t.db)
        .expect("verify")
        .mismatches
        .is_empty());
}

/// Every statement a forger might try on a signed session, its children, its signature
/// and its addenda.
#[test]
fn raw_sql_cannot_change_a_signed_session_or_its_children() {
    let t = fresh();
    let draft = saved_session(&t);
    let signed = sign_as(&t, USER_ID, &draft, Meaning::Author).expect("sign");
    let mut c = addendum(&signed, AddendumKind::Comment);
    c.text = "Reviewed".into();
    signing::add_addendum(&t.db, &by(now()), c).expect("comment");
    let raw = t.raw();
    let sid = signed.id.to_string();
    let refused = |sql: &str| {
        let e = raw
            .execute(sql, [&sid])
            .expect_err(&format!("refused: {sql}"));
        assert!(
            e.to_string().contains("locked")
                || e.to_string().contains("cannot be")
                || e.to_string().contains("signed"),
            "{sql}: {e}"
        );
    };
    refused("UPDATE session SET notes = 'changed' WHERE id = ?1");
    refused("UPDATE session SET status = 'draft' WHERE id = ?1");
    refused("DELETE FROM session WHERE id = ?1");
    for table in [
        "treated_area",
        "product_applied",
        "reaction",
        "screening_result",
    ] {
        refused(&format!(
            "UPDATE {table} SET updated_at = 'x' WHERE session_id = ?1"
        ));
        refused(&format!("DELETE FROM {table} WHERE session_id = ?1"));
        refused(&format!(
            "INSERT INTO {table} SELECT * FROM {table} WHERE session_id = ?1 LIMIT 0 + 1"
        ));
    }
    refused("UPDATE session_signature SET signer_name = 'x' WHERE session_id = ?1");
    refused("DELETE FROM session_signature WHERE session_id = ?1");
    refused("UPDATE session_addendum SET text = 'x' WHERE session_id = ?1");
    refused("DELETE FROM session_addendum WHERE session_id = ?1");
    let still = sessions::get(&t.db, signed.id).expect("get");
    assert_eq!(content_hash(&still), signed.signatures[0].content_hash);
}

#[test]
fn verify_names_a_signed_session_changed_underneath() {
    let t = fresh();
    let one = saved_session(&t);
    let p = add_patient(&t.db, "Mary", "Somerville");
    let two = sessions::save(&t.db, session_input(&t.db, p.id), &by(now())).expect("two");
    sign_as(&t, USER_ID, &one, Meaning::Author).expect("sign one");
    sign_as(&t, USER_ID, &two, Meaning::Author).expect("sign two");
    let raw = t.raw();
    raw.execute_batch("DROP TRIGGER treated_area_signed_locked_update")
        .expect("a forger drops the lock");
    raw.execute(
        "UPDATE treated_area SET needle_depth_um = 2000 WHERE session_id = ?1",
        [two.id.to_string()],
    )
    .expect("tamper");
    let report = signing::verify(&t.db).expect("verify");
    assert_eq!(report.checked, 2);
    assert_eq!(report.mismatches.len(), 1);
    assert_eq!(report.mismatches[0].session_id, two.id);
    assert_eq!(report.mismatches[0].meaning, Meaning::Author);
}
