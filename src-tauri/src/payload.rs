//! Command arguments that never fail to deserialize at the IPC layer. Tauri turns a
//! deserialization failure into a bare string; wrapping each argument in [`Payload`] keeps the
//! failure until the command body, which returns it as a typed `BadRequest` [`ApiError`].
//! [`raw_body`] does the same for a command that takes bytes as its raw body.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use tauri::ipc::{InvokeBody, Request};

use crate::error::{ApiError, ApiErrorCode};

/// An argument that may have failed to decode.
pub struct Payload<T>(Result<T, String>);

impl<T> Payload<T> {
    /// The decoded value, or a `BadRequest` error naming where the shape was wrong.
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0.map_err(|detail| {
            // serde's text can quote the offending value (possibly patient data): log only
            // its position, and never send the value back.
            log::warn!("malformed command argument: {detail}");
            ApiError::new(
                ApiErrorCode::BadRequest,
                "The app sent data in an unexpected shape. Nothing was saved.",
            )
        })
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Payload<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        // Only the category is kept: serde's message can quote the value itself.
        Ok(Payload(
            serde_json::from_value(value).map_err(|e| format!("{:?}", e.classify())),
        ))
    }
}

/// The raw body of `request` (bytes the UI read: a dropped photo, a signature, a scan) and
/// the input beside it, JSON in the header `header`. Anything else (a JSON call, a missing
/// or malformed header) is a `BadRequest` that names `what`, and nothing is logged of it.
pub fn raw_body<'r, T: DeserializeOwned>(
    request: &'r Request<'_>,
    header: &str,
    what: &str,
) -> Result<(&'r [u8], T), ApiError> {
    let bad = || {
        ApiError::new(
            ApiErrorCode::BadRequest,
            format!("The app sent {what} in an unexpected shape. Nothing was saved."),
        )
    };
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(bad());
    };
    let input = request
        .headers()
        .get(header)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| serde_json::from_str::<T>(v).ok())
        .ok_or_else(bad)?;
    Ok((bytes, input))
}
