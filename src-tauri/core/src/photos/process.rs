//! From the bytes of an uploaded file to the bytes Dermalog stores: decoded with limits,
//! turned upright, written again from pixels only (which is what strips every piece of
//! metadata), hashed, with a thumbnail.

use std::io::Cursor;

use crate::digest::sha256_hex;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::error::{Error, Result};

/// What an import accepts; the README repeats these.
pub struct PhotoLimits {
    /// Largest file, in bytes.
    pub max_file_bytes: usize,
    /// Longest side, in pixels.
    pub max_side: u32,
    /// Most pixels in one image.
    pub max_pixels: u64,
}

/// 40 MB, 12,000 pixels a side, 64 megapixels: above any clinic camera's photo (a 12 MP phone
/// JPEG is 3–6 MB), below what would exhaust memory while decoding (64 MP is 256 MB of pixels).
pub const LIMITS: PhotoLimits = PhotoLimits {
    max_file_bytes: 40 * 1024 * 1024,
    max_side: 12_000,
    max_pixels: 64_000_000,
};

/// The longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 400;
const JPEG_QUALITY: u8 = 92;
const THUMB_QUALITY: u8 = 80;

/// A file made ready to store.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The image: JPEG, or PNG when the original was PNG (kept lossless).
    pub image: Vec<u8>,
    /// SHA-256 (hex) of `image`.
    pub sha256: String,
    /// `image/jpeg` or `image/png`.
    pub media_type: &'static str,
    /// Upright width.
    pub width: u32,
    /// Upright height.
    pub height: u32,
    /// A JPEG thumbnail.
    pub thumb: Vec<u8>,
    /// SHA-256 (hex) of `thumb`.
    pub thumb_sha256: String,
}

fn refuse(message: impl Into<String>) -> Error {
    Error::invalid("file", message)
}

/// Decodes `bytes` (JPEG, PNG or WebP) and writes it again without metadata. A file that is
/// empty, too big, not one of those formats, or damaged is refused as an invalid `file`.
pub fn process(bytes: &[u8]) -> Result<Processed> {
    if bytes.is_empty() {
        return Err(refuse("This file is empty."));
    }
    if bytes.len() > LIMITS.max_file_bytes {
        return Err(refuse(format!(
            "This file is larger than {} MB; photos up to that size are accepted.",
            LIMITS.max_file_bytes / (1024 * 1024)
        )));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| refuse(NOT_AN_IMAGE))?;
    let format = reader.format();
    if !matches!(
        format,
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(refuse(NOT_AN_IMAGE));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(LIMITS.max_side);
    limits.max_image_height = Some(LIMITS.max_side);
    limits.max_alloc = Some(LIMITS.max_pixels * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| unreadable(&e))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > LIMITS.max_pixels {
        return Err(too_large());
    }
    // A file whose orientation tag cannot be read is shown as stored, like a viewer would.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| unreadable(&e))?;
    if format == Some(ImageFormat::Jpeg) && !ends_with_eoi(bytes) {
        // The JPEG decoder fills a cut-off file with grey rather than failing; a photo with
        // its lower part missing is not a record of anything.
        return Err(refuse(TRUNCATED));
    }
    img.apply_orientation(orientation);
    let (image, media_type) = if format == Some(ImageFormat::Png) {
        (encode_png(&img)?, "image/png")
    } else {
        (encode_jpeg(&img, JPEG_QUALITY)?, "image/jpeg")
    };
    // `thumbnail` would enlarge a small picture; a thumbnail is never bigger than its photo.
    let thumb = if img.width() <= THUMB_SIDE && img.height() <= THUMB_SIDE {
        encode_jpeg(&img, THUMB_QUALITY)?
    } else {
        encode_jpeg(&img.thumbnail(THUMB_SIDE, THUMB_SIDE), THUMB_QUALITY)?
    };
    Ok(Processed {
        sha256: sha256_hex(&image),
        thumb_sha256: sha256_hex(&thumb),
        image,
        media_type,
        width: img.width(),
        height: img.height(),
        thumb,
    })
}

const NOT_AN_IMAGE: &str = "This file is not a JPEG, PNG or WebP image.";
const TRUNCATED: &str =
    "This image file is incomplete (cut off before its end). Copy it again from the camera.";

fn too_large() -> Error {
    refuse(format!(
        "This image is too large: at most {} pixels a side and {} megapixels are accepted.",
        LIMITS.max_side,
        LIMITS.max_pixels / 1_000_000
    ))
}

fn unreadable(e: &image::ImageError) -> Error {
    match e {
        image::ImageError::Limits(_) => too_large(),
        _ => refuse("This image file is damaged or incomplete and could not be read."),
    }
}

/// True when an End Of Image marker follows the first scan. Segments before the scan (APPn,
/// which may hold a whole EXIF thumbnail with its own markers) are skipped by their lengths;
/// inside a scan a literal FF is always followed by 00 or a restart marker, so FF D9 there
/// can only be the end. Data after the end (some phones append their own) is allowed.
fn ends_with_eoi(bytes: &[u8]) -> bool {
    let mut p = 2; // after SOI
    while p + 4 <= bytes.len() {
        if bytes[p] != 0xFF {
            return false;
        }
        let marker = bytes[p + 1];
        if marker == 0xFF {
            p += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[p + 2], bytes[p + 3]]));
        if marker == 0xDA {
            return bytes[p + 2..].windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        p += 2 + len;
    }
    false
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>> {
    let rgb = img.to_rgb8();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&rgb)
        .map_err(|e| Error::CorruptData(format!("encoding a photo failed: {e}")))?;
    Ok(out)
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    img.write_with_encoder(PngEncoder::new(&mut out))
        .map_err(|e| Error::CorruptData(format!("encoding a photo failed: {e}")))?;
    Ok(out)
}
