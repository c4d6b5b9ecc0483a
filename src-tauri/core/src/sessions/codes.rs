//! The text each enum is stored as. One table per enum, used both ways, so the SQL CHECK
//! lists, the writer and the reader cannot drift apart silently (a test round-trips them).

use super::{DeviceKind, NeedlePattern, ProductRole, SessionStatus, TimePoint};
use crate::error::{Error, Result};

macro_rules! stored_as {
    ($ty:ident, $column:literal, { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $ty {
            #[cfg(test)]
            pub(crate) const ALL: &'static [$ty] = &[$($ty::$variant),*];

            pub(crate) fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),* }
            }

            pub(crate) fn parse(s: &str) -> Result<Self> {
                match s {
                    $($text => Ok($ty::$variant),)*
                    _ => Err(Error::CorruptData(format!("{} holds an unknown value", $column))),
                }
            }
        }
    };
}

stored_as!(DeviceKind, "treated_area.device_kind", {
    DermaPen => "derma_pen", DermaRoller => "derma_roller", Stamp => "stamp",
    RfMicroneedling => "rf_microneedling",
});
stored_as!(NeedlePattern, "treated_area.pattern", {
    Vertical => "vertical", Horizontal => "horizontal", Diagonal => "diagonal",
    Crosshatch => "crosshatch",
});
stored_as!(ProductRole, "product_applied.role", {
    Glide => "glide", Serum => "serum", PostCare => "post_care", Anaesthetic => "anaesthetic",
});
stored_as!(TimePoint, "reaction.time_point", {
    Immediate => "immediate", H24 => "h24", H72 => "h72", Day7 => "day7",
    NextVisit => "next_visit",
});
stored_as!(SessionStatus, "session.status", { Draft => "draft", Signed => "signed" });

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored text must equal the serde name, so the UI, the JSON and the database all
    /// say the same word.
    fn same_as_serde<T: serde::Serialize + Copy>(all: &[T], as_str: fn(T) -> &'static str) {
        for v in all {
            assert_eq!(
                serde_json::to_value(v).ok(),
                Some(serde_json::json!(as_str(*v)))
            );
        }
    }

    #[test]
    fn stored_text_matches_serde_names() {
        same_as_serde(DeviceKind::ALL, DeviceKind::as_str);
        same_as_serde(NeedlePattern::ALL, NeedlePattern::as_str);
        same_as_serde(ProductRole::ALL, ProductRole::as_str);
        same_as_serde(TimePoint::ALL, TimePoint::as_str);
        same_as_serde(SessionStatus::ALL, SessionStatus::as_str);
    }

    #[test]
    fn every_stored_text_parses_back() {
        for v in DeviceKind::ALL {
            assert_eq!(DeviceKind::parse(v.as_str()).ok(), Some(*v));
        }
        for v in TimePoint::ALL {
            assert_eq!(TimePoint::parse(v.as_str()).ok(), Some(*v));
        }
        assert!(matches!(
            TimePoint::parse("h48"),
            Err(Error::CorruptData(_))
        ));
    }
}
