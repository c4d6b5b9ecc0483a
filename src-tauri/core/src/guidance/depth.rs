//! Depth rules for one treated area: the area's guidance, the device's limits and step
//! grid, and the PIH rule for darker skin types. Pure functions over the reference rows.

use super::{Finding, FindingCode, FindingLevel};
use crate::reference::{Area, ClinicSettings, DepthGuidance, DeviceModel};

/// What a depth is judged against.
pub(crate) struct Context<'a> {
    pub area: Option<&'a Area>,
    pub guidance: Option<&'a DepthGuidance>,
    pub device: Option<&'a DeviceModel>,
    pub fitzpatrick: Option<i32>,
    pub settings: &'a ClinicSettings,
}

/// Millimetres from the reference tables as whole micrometres (they are stored that way).
fn um(mm: f64) -> i64 {
    (mm * 1000.0).round() as i64
}

/// `1.5 mm`, `0.25 mm`.
pub(crate) fn show(um: i64) -> String {
    format!("{} mm", um as f64 / 1000.0)
}

const ROMAN: [&str; 7] = ["", "I", "II", "III", "IV", "V", "VI"];

pub(crate) fn findings(field: &str, cx: &Context<'_>, depth: i64) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |level, code, message: String| {
        out.push(Finding::new(field.to_string(), level, code, message));
    };
    if let Some(d) = cx.device {
        let (lo, hi) = (um(d.min_depth_mm), um(d.max_depth_mm));
        if depth > hi {
            add(
                FindingLevel::Block,
                FindingCode::DepthAboveDevice,
                format!("{} goes no deeper than {}.", d.model, show(hi)),
            );
        } else if depth < lo {
            add(
                FindingLevel::Block,
                FindingCode::DepthBelowDevice,
                format!("{} cannot be set shallower than {}.", d.model, show(lo)),
            );
        } else if let Some(step) = d.depth_step_mm.map(um).filter(|s| *s > 0) {
            if (depth - lo) % step != 0 {
                let below = lo + (depth - lo) / step * step;
                // Offer only settings the device has.
                let nearest = if below + step <= hi {
                    format!("{} or {}", show(below), show(below + step))
                } else {
                    show(below)
                };
                add(
                    FindingLevel::Block,
                    FindingCode::DepthOffStep,
                    format!(
                        "Not a setting of this device ({} steps from {}): use {nearest}.",
                        show(step),
                        show(lo),
                    ),
                );
            }
        }
        if let Some(evaluated) = d.evaluated_max_mm.map(um) {
            if depth > evaluated && depth <= hi {
                add(
                    FindingLevel::Warn,
                    FindingCode::DepthAboveEvaluated,
                    format!(
                        "Deeper than {} was evaluated for by the regulator ({}).",
                        d.model,
                        show(evaluated)
                    ),
                );
            }
        }
    }
    if let Some(g) = cx.guidance {
        let name = cx.area.map_or("this area", |a| a.name.as_str());
        let (lo, hi, upper) = (
            um(g.typical_min_mm),
            um(g.typical_max_mm),
            um(g.upper_use_mm),
        );
        let typical = format!(
            "typically {}–{}",
            show(lo).trim_end_matches(" mm"),
            show(hi)
        );
        if depth < lo {
            add(
                FindingLevel::Warn,
                FindingCode::DepthBelowTypical,
                format!("Shallower than usual for {name} ({typical})."),
            );
        } else if depth > upper {
            add(
                FindingLevel::Warn,
                FindingCode::DepthAboveUpperUse,
                format!(
                    "Deeper than the upper use for {name} ({}; {typical}). Deep needling makes bleeding more likely.",
                    show(upper)
                ),
            );
        } else if depth > hi {
            add(
                FindingLevel::Warn,
                FindingCode::DepthAboveTypical,
                format!(
                    "Deeper than usual for {name} ({typical}, upper use {}).",
                    show(upper)
                ),
            );
        }
    }
    let pih_depth = um(cx.settings.pih_depth_mm);
    if let Some(f) = cx
        .fitzpatrick
        .filter(|f| *f >= cx.settings.pih_min_fitzpatrick)
    {
        if depth > pih_depth {
            let kind = ROMAN.get(f as usize).copied().unwrap_or("?");
            add(
                FindingLevel::Warn,
                FindingCode::PihRisk,
                format!(
                    "Fitzpatrick type {kind}: deeper than {} raises the risk of post-inflammatory hyperpigmentation.",
                    show(pih_depth)
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
