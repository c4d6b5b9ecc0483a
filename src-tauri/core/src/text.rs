//! Text rules shared by every record: Unicode normalisation (NFC) so that the same name
//! typed on two keyboards is stored and found the same way, and the control-character
//! checks that keep names printable.

use unicode_normalization::UnicodeNormalization;

/// Trims and NFC-normalises free text.
pub fn clean(s: &str) -> String {
    s.trim().nfc().collect()
}

/// The search key of a name: NFC and Unicode lowercase, so `ÖZ`, `öz` and a decomposed
/// `o\u{308}z` all match.
pub fn search_key(s: &str) -> String {
    clean(s).to_lowercase().nfc().collect()
}

/// Bidirectional overrides and isolates can make a printed name read differently from
/// what is stored.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// True when a single-line value (name, lot, MRN) holds a control or bidi character.
pub fn has_line_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || is_bidi_control(c))
}

/// True when multi-line text (notes) holds a control character other than newline and tab.
pub fn has_note_control(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_and_composed_names_share_a_key() {
        assert_eq!(search_key("Mu\u{308}ller"), search_key("MÜLLER"));
        assert_eq!(search_key("  Żaneta "), "żaneta");
    }

    #[test]
    fn control_characters_are_found_where_they_matter() {
        assert!(has_line_control("Ann\u{0007}a"));
        assert!(has_line_control("Ann\na"));
        assert!(has_line_control("evil\u{202E}txt"));
        assert!(!has_line_control("Anna-Lena O'Brien"));
        assert!(!has_note_control("line one\nline two\ttabbed"));
        assert!(has_note_control("bell\u{0007}"));
    }
}
