//! Camera capture for photos. WebKitGTK (the Linux webview) ships with media streams off and
//! refuses every permission request the app does not answer, so `getUserMedia` fails unless
//! the app says otherwise (wry does not). Here the main window allows exactly one thing:
//! video capture, asked for by Dermalog's own page (`tauri://localhost`, or the Vite dev
//! server in development). Microphones, screen capture, geolocation, notifications and any
//! other origin keep WebKit's default: denied. The frames never leave the page except as a
//! photo the user takes, which goes through `add_photo` like a dropped file.
//!
//! Other platforms' webviews ask the user themselves; nothing to do there.
//!
//! `DERMALOG_MOCK_CAMERA=1` gives WebKit's built-in fake camera instead of the real ones, so
//! the end-to-end suite can take a photo on a machine without a camera.

/// Whether `uri` is Dermalog's own page.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn is_app_page(uri: &str) -> bool {
    uri.starts_with("tauri://localhost/")
        || uri == "tauri://localhost"
        || (cfg!(debug_assertions) && uri.starts_with("http://localhost:5173/"))
}

/// Lets the main window's page use the camera (video only) on Linux.
#[cfg(target_os = "linux")]
pub fn allow_camera(window: &tauri::WebviewWindow) {
    let done = window.with_webview(|platform| {
        use webkit2gtk::glib::object::Cast;
        use webkit2gtk::{
            PermissionRequestExt, SettingsExt, UserMediaPermissionRequest,
            UserMediaPermissionRequestExt, WebViewExt,
        };
        let view = platform.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
            if std::env::var_os("DERMALOG_MOCK_CAMERA").is_some_and(|v| v == "1") {
                settings.set_enable_mock_capture_devices(true);
            }
        }
        view.connect_permission_request(|view, request| {
            let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() else {
                return false; // not ours to decide: WebKit's default (deny)
            };
            let own_page = view.uri().is_some_and(|u| is_app_page(u.as_str()));
            if own_page && media.is_for_video_device() && !media.is_for_audio_device() {
                log::info!("camera permission granted to the app's page");
                request.allow();
            } else {
                log::warn!("media permission refused (not video-only from the app's page)");
                request.deny();
            }
            true
        });
    });
    if let Err(e) = done {
        log::warn!("camera capture unavailable: {e}");
    }
}

/// Other platforms ask the user in their own webview.
#[cfg(not(target_os = "linux"))]
pub fn allow_camera(_window: &tauri::WebviewWindow) {}

#[cfg(test)]
mod tests {
    use super::is_app_page;

    #[test]
    fn only_the_apps_own_page_counts() {
        assert!(is_app_page("tauri://localhost/"));
        assert!(is_app_page("tauri://localhost/index.html#/patients/1"));
        assert!(!is_app_page("tauri://localhost.evil.example/"));
        assert!(!is_app_page("https://example.com/"));
        assert!(!is_app_page("http://localhost:8080/"));
    }
}
