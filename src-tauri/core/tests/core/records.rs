//! Whole-clinic record CSVs on the known clinic (Ada: a signed session with two areas, two
//! products, reactions and a follow-up addendum, and an earlier draft; Ben, archived, with a
//! signed session):
//! every patient, one row per treated area with its own and the session-wide products, and
//! every reaction including the follow-up.

use dermalog_core::records::{self, RecordsKind};

use crate::known_record::known;

fn export(t: &crate::fixtures::TestDb, kind: RecordsKind) -> (usize, Vec<Vec<String>>) {
    let mut out = Vec::new();
    let n = records::write_csv(&t.db, kind, &mut out).expect("export");
    assert!(
        out.starts_with("\u{feff}".as_bytes()),
        "BOM for spreadsheets"
    );
    let rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&out[3..])
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    (n, rows)
}

fn count(t: &crate::fixtures::TestDb, table: &str) -> usize {
    let sql = format!("SELECT count(*) FROM {table}");
    t.db.read(|c| Ok(c.query_row(&sql, [], |r| r.get::<_, i64>(0))?))
        .expect("count") as usize
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}: {:?}", rows[0]))
}

#[test]
fn patients_export_every_patient_under_the_import_headers() {
    let k = known();
    let (n, rows) = export(&k.t, RecordsKind::Patients);
    assert_eq!(n, 2, "the archived patient too");
    assert_eq!(rows.len(), 3, "header and one row per patient");
    assert_eq!(
        &rows[0][..4],
        ["external_id", "family_name", "given_name", "date_of_birth"]
    );
    let ada = rows
        .iter()
        .find(|r| r[0] == k.ada.id.to_string())
        .expect("Ada's row");
    assert_eq!(ada[column(&rows, "family_name")], k.ada.family_name);
    assert_eq!(ada[column(&rows, "sessions")], "2");
}

#[test]
fn session_areas_have_one_row_per_area_with_their_products() {
    let k = known();
    let (n, rows) = export(&k.t, RecordsKind::SessionAreas);
    let areas = count(&k.t, "treated_area");
    assert_eq!(n, areas);
    assert_eq!(rows.len(), areas + 1);
    let (session, depth, products, status, signer) = (
        column(&rows, "session_external_id"),
        column(&rows, "needle_depth_mm"),
        column(&rows, "products"),
        column(&rows, "status"),
        column(&rows, "signed_by"),
    );
    let signed: Vec<&Vec<String>> = rows[1..]
        .iter()
        .filter(|r| r[session] == k.signed.id.to_string())
        .collect();
    assert_eq!(signed.len(), k.signed.areas.len());
    for (row, area) in signed.iter().zip(&k.signed.areas) {
        let mm = format!("{:.2}", area.needle_depth_mm);
        assert_eq!(row[depth], mm);
        assert_eq!(row[status], "signed");
        assert!(!row[signer].is_empty(), "the author's signature is named");
        // A session-wide product is on every area row; an area's own only on its row.
        for p in &k.signed.products {
            let listed = row[products].contains(&p.name);
            match p.area_id {
                None => assert!(listed, "{} on every row", p.name),
                Some(a) => assert_eq!(listed, a == area.area_id, "{} only on its area", p.name),
            }
        }
    }
}

#[test]
fn reactions_include_the_follow_ups_added_after_signing() {
    let k = known();
    let (n, rows) = export(&k.t, RecordsKind::Reactions);
    let with = column(&rows, "recorded_with");
    let follow_ups = rows[1..].iter().filter(|r| r[with] == "follow_up").count();
    let at_session = rows[1..].iter().filter(|r| r[with] == "session").count();
    let recorded = count(&k.t, "reaction");
    assert_eq!(at_session, recorded);
    let added: usize = k.signed.addenda.iter().map(|a| a.reactions.len()).sum();
    assert!(added > 0, "the known record has a follow-up");
    assert_eq!(follow_ups, added);
    assert_eq!(n, recorded + added);
}
