//! Command arguments that never fail to deserialize at the IPC layer. Tauri turns a
//! deserialization failure into a bare string; wrapping each argument in [`Payload`] keeps the
//! failure until the command body, which returns it as a typed `BadRequest` [`ApiError`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

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
