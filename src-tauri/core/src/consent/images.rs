//! The pictures a consent keeps: a signature drawn on screen, or a scan of the signed paper
//! form. Both come from outside (a canvas, a scanner, a phone), so both are decoded under
//! size limits and re-encoded: what is stored is pixels only, whatever metadata (EXIF, GPS,
//! text chunks) the original carried.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Rgb, RgbImage,
};

use crate::digest::sha256_hex;
use crate::validate::Check;

/// Largest signature PNG accepted, in bytes.
pub const SIGNATURE_MAX_BYTES: usize = 2 * 1024 * 1024;
const SIGNATURE_MAX_WIDTH: u32 = 4000;
const SIGNATURE_MAX_HEIGHT: u32 = 2000;
/// Fewer inked pixels than this is an untouched canvas (or a stray tap), not a signature.
const SIGNATURE_MIN_INKED: usize = 50;

/// Largest scan accepted, in bytes.
pub const SCAN_MAX_BYTES: usize = 10 * 1024 * 1024;
/// An A4 page at 600 dpi is about 5000 × 7000 pixels.
const SCAN_MAX_SIDE: u32 = 8000;
/// Decoded pixels held at once: 8000 × 8000 RGBA fits.
const SCAN_MAX_ALLOC: u64 = 256 * 1024 * 1024;
const SCAN_JPEG_QUALITY: u8 = 90;

/// A picture as it will be stored.
pub(super) struct Stored {
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub media_type: &'static str,
}

/// The drawn signature, checked and re-encoded as PNG; problems go to `c` on `signature_png`.
pub(super) fn signature(c: &mut Check, bytes: &[u8]) -> Option<Stored> {
    const FIELD: &str = "signature_png";
    if bytes.len() > SIGNATURE_MAX_BYTES {
        c.fail(FIELD, "The signature image can be at most 2 MB.");
        return None;
    }
    if image::guess_format(bytes).ok() != Some(ImageFormat::Png) {
        c.fail(FIELD, "The signature must be a PNG image.");
        return None;
    }
    let limits = limits(SIGNATURE_MAX_WIDTH, SIGNATURE_MAX_HEIGHT, 64 * 1024 * 1024);
    let img = match decode(bytes, ImageFormat::Png, limits) {
        Ok(img) => img,
        Err(ImageError::Limits(_)) => {
            c.fail(
                FIELD,
                "The signature image can be at most 4000 × 2000 pixels.",
            );
            return None;
        }
        Err(_) => {
            c.fail(FIELD, "The signature image could not be read.");
            return None;
        }
    };
    if inked_pixels(&img) < SIGNATURE_MIN_INKED {
        c.fail(FIELD, "The signature is empty: please sign in the box.");
        return None;
    }
    match encode(&img, ImageFormat::Png) {
        Some(bytes) => Some(stored(bytes, "image/png")),
        None => {
            c.fail(FIELD, "The signature image could not be read.");
            None
        }
    }
}

/// The scan of a paper form, checked and re-encoded (PNG stays PNG, anything else becomes
/// JPEG); problems go to `c` on `scan`.
pub(super) fn scan(c: &mut Check, bytes: &[u8]) -> Option<Stored> {
    const FIELD: &str = "scan";
    if bytes.len() > SCAN_MAX_BYTES {
        c.fail(FIELD, "The scan can be at most 10 MB.");
        return None;
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => {
            c.fail(FIELD, "The scan must be a JPEG, PNG or WebP image.");
            return None;
        }
    };
    let img = match decode(
        bytes,
        format,
        limits(SCAN_MAX_SIDE, SCAN_MAX_SIDE, SCAN_MAX_ALLOC),
    ) {
        Ok(img) => img,
        Err(ImageError::Limits(_)) => {
            c.fail(FIELD, "The scan can be at most 8000 × 8000 pixels.");
            return None;
        }
        Err(_) => {
            c.fail(FIELD, "The scan could not be read.");
            return None;
        }
    };
    let encoded = if format == ImageFormat::Png {
        encode(&img, ImageFormat::Png).map(|b| stored(b, "image/png"))
    } else {
        encode(&img, ImageFormat::Jpeg).map(|b| stored(b, "image/jpeg"))
    };
    if encoded.is_none() {
        c.fail(FIELD, "The scan could not be read.");
    }
    encoded
}

fn stored(bytes: Vec<u8>, media_type: &'static str) -> Stored {
    Stored {
        sha256: sha256_hex(&bytes),
        bytes,
        media_type,
    }
}

fn limits(width: u32, height: u32, alloc: u64) -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(alloc);
    limits
}

/// Decodes within `limits`, turned upright as the file's orientation says (a phone photo of
/// a form is often stored sideways with an EXIF note), since that note is not kept.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    mut limits: Limits,
) -> Result<DynamicImage, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder()?;
    limits.reserve(decoder.total_bytes())?;
    let orientation = decoder.orientation()?;
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Pixels that are neither transparent nor (near) white.
fn inked_pixels(img: &DynamicImage) -> usize {
    img.to_rgba8()
        .pixels()
        .filter(|p| {
            let [r, g, b, a] = p.0;
            a >= 128 && u16::from(r) + u16::from(g) + u16::from(b) < 3 * 200
        })
        .take(SIGNATURE_MIN_INKED)
        .count()
}

/// Fresh bytes of `img` in `format`: no metadata of the original is carried over.
fn encode(img: &DynamicImage, format: ImageFormat) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let written = match format {
        ImageFormat::Jpeg => {
            JpegEncoder::new_with_quality(&mut out, SCAN_JPEG_QUALITY).encode_image(&opaque(img))
        }
        _ => img.write_to(&mut Cursor::new(&mut out), format),
    };
    written.ok().map(|()| out)
}

/// JPEG has no transparency: transparent parts are laid on white paper, not black.
fn opaque(img: &DynamicImage) -> DynamicImage {
    if !img.color().has_alpha() {
        return if img.color().has_color() {
            DynamicImage::ImageRgb8(img.to_rgb8())
        } else {
            DynamicImage::ImageLuma8(img.to_luma8())
        };
    }
    let rgba = img.to_rgba8();
    let flat = RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over_white = |v: u8| {
            let (v, a) = (u16::from(v), u16::from(a));
            // At most 255 * a + 255 * (255 - a) = 65025: fits in u16.
            ((v * a + 255 * (255 - a)) / 255) as u8
        };
        Rgb([over_white(r), over_white(g), over_white(b)])
    });
    DynamicImage::ImageRgb8(flat)
}
