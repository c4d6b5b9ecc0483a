//! Hostile input over IPC: random and malicious payloads (SQL injection text, huge text,
//! control and bidirectional characters, decomposed names, wrong types, extreme numbers)
//! sent to every registered command by a signed-in admin (all roles). Each reply must be a
//! result or a typed error, never a panic or a bare string; the schema must not change; the
//! database must stay sound with its audit chain intact; and whatever was stored must read
//! back exactly as stored, its text as entered (trimmed, NFC).

use dermalog::commands::NAMES;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};

use super::harness::{harness, raw_connection, Harness, PASSWORD};
use super::ipc::{patient, session};

/// Every argument name any command takes (as in the permission test).
const ARG_NAMES: &[&str] = &[
    "input",
    "id",
    "patientId",
    "sessionId",
    "query",
    "filter",
    "page",
    "lot",
    "dimension",
    "period",
    "request",
    "setup",
    "username",
    "password",
    "currentPassword",
    "newPassword",
    "fileName",
    "recoveryKey",
    "kind",
    "options",
    "mapping",
    "photoId",
    "size",
    "purpose",
    "consentId",
    "limit",
];

/// Every error code the shell may send.
const CODES: &[&str] = &[
    "NotFound",
    "Invalid",
    "Conflict",
    "Locked",
    "BadRequest",
    "DatabaseUnavailable",
    "Busy",
    "WriteFailed",
    "NotSignedIn",
    "AppLocked",
    "Forbidden",
    "SignInFailed",
    "TooManyAttempts",
    "DiskFull",
    "Internal",
];

fn nasty_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "'; DROP TABLE patient; --",
            "Robert'); DELETE FROM session WHERE 1=1; --",
            "\" OR \"1\"=\"1",
            "x' UNION SELECT password_hash FROM app_user --",
            "\u{202E}evoN\u{202C} Smith",
            "\u{2066}Ada\u{2069}",
            "Zoe\u{0301} Ange\u{0301}lique",
            "\u{0000}null\u{0000}",
            "bell\u{0007} escape\u{001b}[31m red",
            "line\nbreak\r\ntab\t",
            "<script>alert(1)</script>",
            "../../../../etc/passwd",
            "%s%s%n",
            "   ",
            "",
            "😀👩‍⚕️🇬🇧",
            "ǅemal Ⅻ ﬁ ß",
            "1e309",
            "-0",
            "9999-99-99",
            "2026-02-30",
        ])
        .prop_map(str::to_string),
        3 => any::<String>(),
        2 => "\\PC{0,60}",
        1 => (1usize..200_000).prop_map(|n| "Å".repeat(n)),
    ]
    .boxed()
}

fn nasty_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop::sample::select(vec![
            i64::MIN,
            i64::MAX,
            -1,
            0,
            1,
            255,
            256,
            65_536,
            2_147_483_648
        ])
        .prop_map(Value::from),
        prop::sample::select(vec![-1e308, 1e308, 0.000_001, -0.5, 3.999_999_9, 1e-320])
            .prop_map(Value::from),
        nasty_text().prop_map(Value::from),
        Just(json!("01900000-0000-7000-8000-000000000001")),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    nasty_text(),
                    Just("id".to_string()),
                    Just("text".to_string())
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// Free-text fields: poisoning only these keeps ids, dates and codes valid, so the text
/// itself reaches validation and storage.
const TEXT_KEYS: &[&str] = &[
    "given_name",
    "family_name",
    "notes",
    "note",
    "name",
    "lot",
    "text",
    "clinician_name",
    "display_name",
    "signature_name",
    "cartridge_lot",
    "amount",
    "pattern",
    "skin_prep",
];

/// Replaces strings in `v` by nasty text where the flags say (one flag per string, reused
/// cyclically), keeping the shape, so the payload decodes and reaches validation. With
/// `text_only`, only the values of [`TEXT_KEYS`] are candidates.
fn poison(v: &mut Value, texts: &[String], flags: &[bool], text_only: bool, i: &mut usize) {
    match v {
        Value::String(s) if !text_only => {
            if flags[*i % flags.len()] {
                *s = texts[*i % texts.len()].clone();
            }
            *i += 1;
        }
        Value::Array(a) => a
            .iter_mut()
            .for_each(|x| poison(x, texts, flags, text_only, i)),
        Value::Object(o) => {
            for (key, x) in o.iter_mut() {
                if text_only && TEXT_KEYS.contains(&key.as_str()) && x.is_string() {
                    poison(x, texts, flags, false, i);
                } else {
                    poison(x, texts, flags, text_only, i);
                }
            }
        }
        _ => {}
    }
}

/// One call in a run: a command and its arguments, either random throughout or a valid
/// call with its text poisoned.
#[derive(Debug, Clone)]
enum Call {
    Random(usize, Vec<Value>),
    Poisoned(usize, Vec<String>, Vec<bool>, bool),
}

fn call_strategy() -> impl Strategy<Value = Call> {
    prop_oneof![
        (
            0..NAMES.len(),
            prop::collection::vec(nasty_value(), ARG_NAMES.len())
        )
            .prop_map(|(c, v)| Call::Random(c, v)),
        (
            0..TEMPLATES.len(),
            prop::collection::vec(nasty_text(), 1..6),
            prop::collection::vec(any::<bool>(), 1..8),
            any::<bool>(),
        )
            .prop_map(|(t, texts, flags, text_only)| Call::Poisoned(t, texts, flags, text_only)),
    ]
}

/// Commands with a valid call to poison.
const TEMPLATES: &[&str] = &[
    "save_patient",
    "save_session",
    "list_patients",
    "recall_lot",
    "search_sessions",
    "save_user",
];

fn template(name: &str, reference: &Value, patient_id: &Value) -> Value {
    match name {
        "save_patient" => json!({"input": patient("Ada", "Lovelace")}),
        "save_session" => json!({"input": session(reference, patient_id, 1.0)}),
        "list_patients" => {
            json!({"query": {"text": "Ada", "include_archived": false, "limit": null}})
        }
        "recall_lot" => json!({"lot": "HA-1"}),
        "search_sessions" => json!({"filter": {"lot": "HA-1"}, "page": {"offset": 0, "limit": 50}}),
        "save_user" => json!({"input": super::harness::user_input("temp", &["aesthetician"])}),
        other => panic!("no template for {other}"),
    }
}

fn schema(h: &Harness) -> Vec<String> {
    let c = raw_connection(&h._dir.path().join("clinic.sqlite3"));
    let mut stmt = c
        .prepare(
            "SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master ORDER BY 1",
        )
        .expect("schema");
    let rows = stmt.query_map([], |r| r.get(0)).expect("rows");
    rows.collect::<Result<_, _>>().expect("schema rows")
}

/// Signs the admin back in when a hostile call signed out, locked, or used up the
/// failed-attempt allowance (the clock moves past the window, as a real admin would wait).
fn stay_signed_in(h: &Harness) {
    let status = h.ok("get_auth_status", json!({}));
    if status["user"].is_null() || status["locked"] == true {
        h.clock.advance(chrono::Duration::minutes(16));
        let _ = h.call("sign_out", json!({}));
        h.ok(
            "sign_in",
            json!({"username": "admin", "password": PASSWORD}),
        );
    }
}

fn check_reply(name: &str, reply: &Result<Value, Value>) -> Result<(), TestCaseError> {
    if let Err(e) = reply {
        let code = e.get("code").and_then(Value::as_str);
        prop_assert!(
            code.is_some_and(|c| CODES.contains(&c)),
            "{name}: untyped error {e}"
        );
        prop_assert!(e.get("message").and_then(Value::as_str).is_some());
    }
    Ok(())
}

/// A stored patient must read back as saved, its names as entered (trimmed, NFC).
fn check_faithful(h: &Harness, sent: &Value, saved: &Value) -> Result<(), TestCaseError> {
    let read = h.ok("get_patient", json!({"id": saved["id"]}));
    for field in ["given_name", "family_name", "notes"] {
        prop_assert_eq!(&read[field], &saved[field], "{} reads back as saved", field);
        if let Some(text) = sent[field].as_str() {
            let entered = dermalog_core::text::clean(text);
            prop_assert_eq!(
                read[field].as_str(),
                Some(entered.as_str()),
                "{} stored as entered",
                field
            );
        }
    }
    Ok(())
}

#[test]
fn hostile_payloads_to_every_command_get_typed_answers_and_change_no_schema() {
    let h = harness();
    let reference = h.ok("get_reference_data", json!({}));
    let p = h.ok("save_patient", json!({"input": patient("Grace", "Hopper")}));
    let schema_before = schema(&h);
    let cases = std::env::var("DERMALOG_HOSTILE_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let seen = std::cell::Cell::new((0usize, 0usize));
    runner
        .run(&prop::collection::vec(call_strategy(), 1..10), |run| {
            for call in run {
                let (name, args) = match call {
                    Call::Random(c, values) => {
                        let args: Map<String, Value> = ARG_NAMES
                            .iter()
                            .map(|n| n.to_string())
                            .zip(values)
                            .collect();
                        (NAMES[c], Value::Object(args))
                    }
                    Call::Poisoned(t, texts, flags, text_only) => {
                        let name = TEMPLATES[t];
                        let mut args = template(name, &reference, &p["id"]);
                        poison(&mut args, &texts, &flags, text_only, &mut 0);
                        (name, args)
                    }
                };
                if matches!(name, "quit_app") {
                    continue; // answers Conflict on an open database; exits when refused
                }
                let reply = h.call(name, args.clone());
                check_reply(name, &reply)?;
                let (c, mut s) = seen.get();
                if let (Ok(saved), "save_patient") = (&reply, name) {
                    check_faithful(&h, &args["input"], saved)?;
                    s += 1;
                }
                seen.set((c + 1, s));
                stay_signed_in(&h);
            }
            prop_assert_eq!(schema(&h), schema_before.clone(), "the schema changed");
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let (calls, stored) = seen.get();

    let verify = h.ok("verify_audit", json!({}));
    assert_eq!(verify["ok"], true, "the audit chain holds: {verify}");
    let c = raw_connection(&h._dir.path().join("clinic.sqlite3"));
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(integrity, "ok");
    let fk: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("fk");
    assert_eq!(fk, 0);
    println!(
        "hostile IPC: {cases} runs, {calls} calls to {} commands, {stored} hostile patients stored faithfully, schema unchanged, audit chain verified",
        NAMES.len()
    );
    assert!(calls > cases as usize, "the runs made calls");
}
