//! Canonical JSON in the style of RFC 8785 (JCS): object members sorted by the UTF-16 code
//! units of their names, no insignificant whitespace, strings with only the escapes JSON
//! requires, numbers as ECMAScript prints them. Two programs that agree on the values agree
//! on these bytes, whatever stored them, which is what lets an audit hash outlive SQLite.

use serde_json::Value;

/// Lower-case hex SHA-256 of `value`'s canonical JSON: the one hash the audit chain and
/// session signatures both use.
pub fn sha256_hex(value: &Value) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(canonical(value).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `value` as canonical JSON text.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (name, item)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(name, out);
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

/// JSON string escaping as JCS wants it: `"` and `\`, the short escapes for \b \t \n \f \r,
/// `\u00xx` (lower-case hex) for other control characters, everything else as itself.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// ECMAScript's Number-to-String: integers without a fraction, the shortest digits that
/// round-trip, exponent form below 1e-6 and from 1e21 up.
fn number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f == 0.0 {
        return "0".into();
    }
    let magnitude = f.abs();
    if (1e-6..1e21).contains(&magnitude) {
        // Rust's Display is the shortest round-trip form without an exponent, and prints
        // an integral float without ".0", as ECMAScript does.
        format!("{f}")
    } else {
        let e = format!("{f:e}");
        match e.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
            _ => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_sort_by_utf16_code_units_and_whitespace_goes() {
        // U+1F600 is D83D DE00 in UTF-16, which sorts before U+FB01 (FB01); UTF-8 order
        // would put it after.
        let v = json!({"b": [1, {"z": null, "a": true}], "a": "x", "\u{fb01}": 1, "\u{1f600}": 2});
        assert_eq!(
            canonical(&v),
            "{\"a\":\"x\",\"b\":[1,{\"a\":true,\"z\":null}],\"\u{1f600}\":2,\"\u{fb01}\":1}"
        );
    }

    #[test]
    fn numbers_print_as_ecmascript_does() {
        for (f, text) in [
            (1.0, "1"),
            (0.5, "0.5"),
            (-2.25, "-2.25"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (123456789.125, "123456789.125"),
            (0.000001, "0.000001"),
        ] {
            assert_eq!(canonical(&json!(f)), text, "{f}");
        }
        assert_eq!(canonical(&json!(-0.0)), "0");
        assert_eq!(canonical(&json!(42)), "42");
    }

    #[test]
    fn a_json_round_trip_gives_the_same_text() {
        let v = json!({
            "notes": "Tolerated well.\n\"Mild\" erythema — ok \u{1f600}",
            "depth_mm": [0.25, 1.5, 2.0, 0.1, 1e-7, 3.5e21],
            "nested": {"z": null, "a": [true, false, {"é": -0.0}]},
            "n": -12345678901234i64,
        });
        let text = canonical(&v);
        for form in [
            text.clone(),
            serde_json::to_string(&v).expect("compact"),
            serde_json::to_string_pretty(&v).expect("pretty"),
        ] {
            let back: Value = serde_json::from_str(&form).expect("reads back");
            assert_eq!(canonical(&back), text, "{form}");
        }
    }

    #[test]
    fn strings_escape_only_what_json_requires() {
        let v = json!("a\"b\\c\u{1}\n\u{7f}é/");
        assert_eq!(canonical(&v), "\"a\\\"b\\\\c\\u0001\\n\u{7f}é/\"");
    }
}
