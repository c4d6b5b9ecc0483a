//! The recovery key: 20 random bytes (160 bits) shown once at set-up as 32 characters of
//! Crockford base32 in groups of four ("7KQ2-…"), to print and keep apart from the computer.
//! Reading it back forgives case, spaces, dashes and the letters people confuse with digits
//! (O for 0, I and L for 1).

use zeroize::Zeroizing;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random bytes in a recovery key.
pub(super) const BYTES: usize = 20;

/// A recovery key's secret bytes.
pub(super) struct RecoverySecret(pub(super) Zeroizing<[u8; BYTES]>);

impl RecoverySecret {
    /// A new random secret.
    pub(super) fn generate() -> RecoverySecret {
        RecoverySecret(Zeroizing::new(super::wrap::random::<BYTES>()))
    }

    /// The printable form.
    pub(super) fn text(&self) -> String {
        let mut out = String::with_capacity(40);
        let mut acc: u32 = 0;
        let mut bits = 0;
        let mut n = 0;
        for b in self.0.iter() {
            acc = (acc << 8) | u32::from(*b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                if n > 0 && n % 4 == 0 {
                    out.push('-');
                }
                out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
                n += 1;
            }
        }
        out
    }

    /// Reads a typed recovery key; `None` when it is not 32 valid characters.
    pub(super) fn parse(text: &str) -> Option<RecoverySecret> {
        let mut out = Zeroizing::new([0u8; BYTES]);
        let mut acc: u32 = 0;
        let mut bits = 0;
        let mut i = 0;
        let mut chars = 0;
        for c in text.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' | '\t' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = ALPHABET.iter().position(|a| char::from(*a) == c)?;
            chars += 1;
            if chars > BYTES * 8 / 5 {
                return None;
            }
            acc = (acc << 5) | v as u32;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                out[i] = (acc >> bits) as u8;
                i += 1;
            }
        }
        (i == BYTES && chars == BYTES * 8 / 5).then_some(RecoverySecret(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_key_reads_back_with_typing_slips() {
        let s = RecoverySecret::generate();
        let text = s.text();
        assert_eq!(text.len(), 39, "32 characters in 8 groups: {text}");
        let sloppy = text.to_lowercase().replace('-', " ").replace('0', "o");
        let back = RecoverySecret::parse(&sloppy).expect("reads back");
        assert_eq!(*back.0, *s.0);
        assert!(
            RecoverySecret::parse(&text[..38]).is_none(),
            "one character short"
        );
        assert!(
            RecoverySecret::parse(&format!("{text}7")).is_none(),
            "one too many"
        );
        assert!(
            RecoverySecret::parse(&text.replace('-', "U")).is_none(),
            "U is not in the alphabet"
        );
    }
}
