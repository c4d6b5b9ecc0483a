//! Product rules beyond lot expiry: a serum or glide is needled into the skin, so one the
//! catalogue does not list as approved for intradermal use is worth a warning.

use super::{Finding, FindingCode, FindingLevel};
use crate::reference::{find_product, Intradermal, ReferenceData};
use crate::sessions::{ProductRole, SessionInput};

pub(crate) fn intradermal_findings(
    input: &SessionInput,
    reference: &ReferenceData,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, p) in input.products.iter().enumerate() {
        if !matches!(p.role, Some(ProductRole::Serum | ProductRole::Glide)) {
            continue;
        }
        let Some(product) = find_product(&reference.products, p.product_id, &p.name) else {
            continue;
        };
        let what = match product.intradermal {
            Intradermal::Yes => continue,
            Intradermal::No => "is not approved for intradermal use",
            Intradermal::Unknown => {
                "has no recorded approval for intradermal use (check the label)"
            }
        };
        let mut message = format!("{} {what}.", product.name);
        if !product.note.is_empty() {
            message.push(' ');
            message.push_str(&product.note);
        }
        out.push(Finding::new(
            format!("products[{i}].name"),
            FindingLevel::Warn,
            FindingCode::NotIntradermal,
            message,
        ));
    }
    out
}
