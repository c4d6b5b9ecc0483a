//! The known record several export tests read: a small clinic built through the real core
//! API, with every kind of thing an export has to carry (signatures, a review, a correction,
//! a follow-up, a draft, an archived patient).

use dermalog_core::accounts::{self, Role, UserInput};
use dermalog_core::audit::Actor;
use dermalog_core::patients::{self, Patient};
use dermalog_core::sessions::{
    self, DeviceKind, ProductInput, ProductRole, ReactionInput, Session, TimePoint,
};
use dermalog_core::signing::{
    self, AddendumInput, AddendumKind, Correction, FollowUpReaction, Meaning, SignInput,
};
use uuid::Uuid;

use crate::fixtures::*;

/// Ada: a signed two-area session (two products with lots, erythema and edema, a review
/// signature, a correction and a follow-up addendum) and an earlier draft on the scalp with
/// a listed roller. Ben: archived, one signed session.
pub(crate) struct Known {
    pub(crate) t: TestDb,
    pub(crate) ada: Patient,
    pub(crate) ben: Patient,
    pub(crate) signed: Session,
    pub(crate) draft: Session,
    pub(crate) reviewer: Uuid,
}

fn sign(t: &TestDb, who: Uuid, session: Uuid, meaning: Meaning) -> Session {
    signing::sign(
        &t.db,
        &Actor::new(who, now()),
        SignInput {
            session_id: session,
            meaning,
            password: PASSWORD.into(),
        },
    )
    .expect("sign")
}

pub(crate) fn known() -> Known {
    let t = fresh();
    let r = reference(&t.db);
    let mut input = patient_input("Ada", "Lovelace");
    input.mrn = Some("DL-0001".into());
    let ada = patients::save(&t.db, input, &by(now())).expect("patient");

    let mut s = session_input(&t.db, ada.id);
    s.products.push(ProductInput {
        id: None,
        product_id: None,
        name: "Glide gel".into(),
        role: Some(ProductRole::Glide),
        lot: Some("GL-0042".into()),
        expiry_on: None,
        amount: Some("a few drops".into()),
        area_id: Some(area_id(&r, "forehead")),
    });
    s.reactions.push(ReactionInput {
        id: None,
        reaction_type_id: Some(reaction_type_id(&r, "edema")),
        scale_id: None,
        grade: Some(3),
        time_point: Some(TimePoint::H24),
        area_id: None,
        note: "Settled by day 3.".into(),
    });
    let saved = sessions::save(&t.db, s, &by(now())).expect("session");
    sign(&t, USER_ID, saved.id, Meaning::Author);
    let reviewer = Uuid::now_v7();
    accounts::save_user(
        &t.db,
        &by(now()),
        UserInput {
            id: reviewer,
            username: "reviewer".into(),
            display_name: "Dr Review".into(),
            signature_name: "Dr R. Viewer".into(),
            registration: "GMC 1111111".into(),
            roles: vec![Role::Clinician],
            active: true,
            password: Some(PASSWORD.into()),
        },
    )
    .expect("reviewer");
    sign(&t, reviewer, saved.id, Meaning::Review);
    let addendum = |kind| AddendumInput {
        id: Uuid::now_v7(),
        session_id: saved.id,
        kind,
        reason: String::new(),
        text: String::new(),
        corrections: vec![],
        reactions: vec![],
    };
    let mut c = addendum(AddendumKind::Correction);
    c.reason = "Depth misread from the pen display".into();
    c.corrections = vec![Correction {
        field: "areas[1].needle_depth_mm".into(),
        value: "0.75".into(),
    }];
    signing::add_addendum(&t.db, &by(now()), c).expect("correction");
    let mut f = addendum(AddendumKind::FollowUp);
    f.reactions = vec![FollowUpReaction {
        reaction_type_id: reaction_type_id(&r, "erythema"),
        grade: 1,
        time_point: TimePoint::Day7,
        area_id: Some(area_id(&r, "cheek_left")),
        note: String::new(),
    }];
    let signed = signing::add_addendum(&t.db, &by(now()), f).expect("follow-up");

    let mut d = session_input(&t.db, ada.id);
    d.started_at = "2026-10-01T09:00:00+02:00".into();
    d.ended_at = Some("2026-10-01T09:30:00+02:00".into());
    let mut scalp = area(area_id(&r, "scalp"), 1.0);
    scalp.device_kind = Some(DeviceKind::DermaRoller);
    scalp.device_model_id = Some(device_id(&r, "Roller 1.0 mm"));
    scalp.device_model = None;
    scalp.speed_level = None;
    scalp.needle_count = Some(192);
    scalp.cartridge_lot = Some("ROLL-77".into());
    d.areas = vec![scalp];
    d.products = vec![];
    d.reactions = vec![];
    d.pain_score = None;
    d.notes = String::new();
    let draft = sessions::save(&t.db, d, &by(now())).expect("draft");

    let ben = add_patient(&t.db, "Ben", "Brooks");
    let b = sessions::save(&t.db, session_input(&t.db, ben.id), &by(now())).expect("ben");
    sign(&t, USER_ID, b.id, Meaning::Author);
    let ben = patients::set_archived(&t.db, ben.id, true, &by(now())).expect("archive");
    Known {
        t,
        ada,
        ben,
        signed,
        draft,
        reviewer,
    }
}
