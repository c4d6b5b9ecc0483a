//! The text each stored enum is written as, for the whole crate. One table per enum, used both ways, so the SQL CHECK
//! lists, the writer and the reader cannot drift apart silently (a test round-trips them).

use crate::error::{Error, Result};
use crate::guidance::FindingLevel;
use crate::medical::HistoryKind;
use crate::patients::SexAtBirth;
use crate::photos::{PhotoPhase, PhotoView};
use crate::reference::{Intradermal, MapView, ProductKind, Region};
use crate::screening::{Timing, WindowUnit};
use crate::sessions::{DeviceKind, NeedlePattern, ProductRole, SessionStatus, TimePoint};

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
stored_as!(PhotoPhase, "photo.phase", {
    Baseline => "baseline", Before => "before", After => "after", FollowUp => "follow_up",
});
stored_as!(PhotoView, "photo.view", {
    Frontal => "frontal", ObliqueLeft => "oblique_left", ObliqueRight => "oblique_right",
    LateralLeft => "lateral_left", LateralRight => "lateral_right", CloseUp => "close_up",
});
stored_as!(SexAtBirth, "patient.sex_at_birth", {
    Female => "female", Male => "male", Intersex => "intersex", Unknown => "unknown",
});
stored_as!(Region, "area.region", { Face => "face", Body => "body", Scalp => "scalp" });
stored_as!(MapView, "area.map_view", { Face => "face", Body => "body" });
stored_as!(HistoryKind, "history_term.kind", {
    Condition => "condition", Medication => "medication", Allergy => "allergy",
    Treatment => "treatment", Pregnancy => "pregnancy",
});
stored_as!(Timing, "contraindication_rule.timing", {
    Current => "current", Within => "within", Ever => "ever",
});
stored_as!(WindowUnit, "contraindication_rule.window_unit", {
    Days => "days", Weeks => "weeks", Months => "months",
});
stored_as!(FindingLevel, "a severity column", { Warn => "warn", Block => "block" });
stored_as!(ProductKind, "product.kind", {
    Glide => "glide", Serum => "serum", PostCare => "post_care", Anaesthetic => "anaesthetic",
    Cartridge => "cartridge",
});
stored_as!(Intradermal, "product.intradermal", { Yes => "yes", No => "no", Unknown => "unknown" });

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
        same_as_serde(PhotoPhase::ALL, PhotoPhase::as_str);
        same_as_serde(PhotoView::ALL, PhotoView::as_str);
        same_as_serde(SexAtBirth::ALL, SexAtBirth::as_str);
        same_as_serde(Region::ALL, Region::as_str);
        same_as_serde(MapView::ALL, MapView::as_str);
        same_as_serde(HistoryKind::ALL, HistoryKind::as_str);
        same_as_serde(Timing::ALL, Timing::as_str);
        same_as_serde(WindowUnit::ALL, WindowUnit::as_str);
        same_as_serde(FindingLevel::ALL, FindingLevel::as_str);
        same_as_serde(ProductKind::ALL, ProductKind::as_str);
        same_as_serde(Intradermal::ALL, Intradermal::as_str);
    }

    #[test]
    fn every_stored_text_parses_back() {
        for v in DeviceKind::ALL {
            assert_eq!(DeviceKind::parse(v.as_str()).ok(), Some(*v));
        }
        for v in TimePoint::ALL {
            assert_eq!(TimePoint::parse(v.as_str()).ok(), Some(*v));
        }
        for v in HistoryKind::ALL {
            assert_eq!(HistoryKind::parse(v.as_str()).ok(), Some(*v));
        }
        for v in WindowUnit::ALL {
            assert_eq!(WindowUnit::parse(v.as_str()).ok(), Some(*v));
        }
        assert!(matches!(
            TimePoint::parse("h48"),
            Err(Error::CorruptData(_))
        ));
    }
}
