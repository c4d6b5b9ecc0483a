//! The schema a fresh database ends up with, compared with a committed snapshot so a
//! schema change is always a reviewed, deliberate diff. `UPDATE_SNAPSHOTS=1` rewrites it.

use std::fs;
use std::path::Path;

use super::fixtures::fresh;

#[test]
fn schema_matches_the_committed_snapshot() {
    let t = fresh();
    let schema =
        t.db.read(|c| {
            let mut stmt = c.prepare(
                "SELECT type, name, sql FROM sqlite_master
                 WHERE sql IS NOT NULL ORDER BY type, name",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(format!(
                    "-- {} {}\n{};\n",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?
                ))
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?.join("\n"))
        })
        .expect("schema");
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/schema.sql");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        fs::write(&snapshot, &schema).expect("write snapshot");
    }
    let committed = fs::read_to_string(&snapshot).unwrap_or_default();
    if committed != schema {
        let first = committed
            .lines()
            .zip(schema.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(schema.lines().count()));
        panic!(
            "the schema differs from tests/snapshots/schema.sql from line {}:\n  snapshot: {:?}\n  actual:   {:?}\nIf intended, run `UPDATE_SNAPSHOTS=1 cargo test -p dermalog-core` and commit.",
            first + 1,
            committed.lines().nth(first).unwrap_or("<end>"),
            schema.lines().nth(first).unwrap_or("<end>"),
        );
    }
}

#[test]
fn seeded_reference_lists_are_complete() {
    let t = fresh();
    let r = super::fixtures::reference(&t.db);
    let reactions: Vec<&str> = r.reaction_types.iter().map(|t| t.code.as_str()).collect();
    for code in [
        "erythema",
        "edema",
        "pinpoint_bleeding",
        "bruising",
        "pain",
        "irritation",
        "dryness",
        "flaking",
        "itching",
        "acne_flare",
        "pih",
        "infection",
        "other",
    ] {
        assert!(reactions.contains(&code), "reaction type {code} is seeded");
    }
    let cea = r
        .reaction_scales
        .iter()
        .find(|s| s.code == "cea")
        .expect("CEA scale");
    assert_eq!(
        (cea.min_grade, cea.max_grade, cea.label(2)),
        (0, 4, Some("mild"))
    );
    assert!(r.areas.len() >= 18 && r.indications.len() >= 12);
    let forehead = r
        .areas
        .iter()
        .find(|a| a.code == "forehead")
        .expect("forehead");
    assert_eq!(forehead.snomed_code.as_deref(), Some("52795006"));
}
