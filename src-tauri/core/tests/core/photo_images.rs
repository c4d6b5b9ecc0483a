//! Test images made in the test: camera-like JPEGs with an EXIF block (GPS, orientation,
//! camera make), PNGs and WebPs, and broken ones.

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};

/// A `w`×`h` picture with a gradient, so encoders have something to keep.
pub fn picture(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w.max(1)) as u8, (y * 255 / h.max(1)) as u8, 90])
    })
}

pub fn encode(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

pub const CAMERA_MAKE: &[u8] = b"CanonicalCam";

/// A JPEG as a phone writes it: an EXIF APP1 segment right after SOI with the camera make,
/// the orientation tag and a GPS block (latitude 48° 51' 24").
pub fn camera_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let jpeg = encode(&picture(w, h), ImageFormat::Jpeg);
    let tiff = exif_tiff(orientation);
    let mut app1 = Vec::new();
    app1.extend_from_slice(&[0xFF, 0xE1]);
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A little-endian TIFF block: IFD0 (Make, Orientation, GPS pointer), then the GPS IFD
/// (latitude ref and latitude), then the values that do not fit in an entry.
fn exif_tiff(orientation: u16) -> Vec<u8> {
    let ifd0_at = 8u32;
    let ifd0_len = 2 + 3 * 12 + 4;
    let gps_at = ifd0_at + ifd0_len;
    let gps_len = 2 + 2 * 12 + 4;
    let make_at = gps_at + gps_len;
    let lat_at = make_at + CAMERA_MAKE.len() as u32 + 1;
    let mut t = b"II*\0".to_vec();
    t.extend_from_slice(&ifd0_at.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    };
    t.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, CAMERA_MAKE.len() as u32 + 1, make_at); // Make
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation)); // Orientation
    entry(&mut t, 0x8825, 4, 1, gps_at); // GPS IFD pointer
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")); // GPSLatitudeRef
    entry(&mut t, 0x0002, 5, 3, lat_at); // GPSLatitude
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(CAMERA_MAKE);
    t.push(0);
    for (num, den) in [(48u32, 1u32), (51, 1), (24, 1)] {
        t.extend_from_slice(&num.to_le_bytes());
        t.extend_from_slice(&den.to_le_bytes());
    }
    t
}

/// The EXIF fields of `bytes`, by tag name; empty when it has no EXIF at all.
pub fn exif_fields(bytes: &[u8]) -> Vec<String> {
    match exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        Ok(e) => e.fields().map(|f| f.tag.to_string()).collect(),
        Err(_) => Vec::new(),
    }
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
