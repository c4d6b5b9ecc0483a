//! The typed commands the UI may call: one short function per use case, each a line into
//! `dermalog-core`. This list is the whole surface the webview has: no SQL, no filesystem.
//! Each command's first line is its permission check ([`crate::auth::Auth::permit`]), made
//! before its arguments are decoded; only start-up status, recovery (which works only on a
//! refused database), auth status, set-up, sign-in and the recovery-key unlock (only on a
//! sealed database) answer without a signed-in user.

pub mod accounts;
pub mod aftercare;
pub mod audit;
pub mod backups;
pub mod courses;
pub mod exports;
pub mod import;
pub mod keys;
pub mod patients;
pub mod records;
pub mod recovery;
pub mod reference;
pub mod review;
pub mod screening;
pub mod sessions;
pub mod signing;
pub mod startup;

/// Every registered command name, in the order of [`handler`]. A mock-runtime test invokes
/// each, so a command left out of the handler fails it.
pub const NAMES: &[&str] = &[
    "get_startup_status",
    "restore_newest_backup",
    "open_other_database",
    "quit_app",
    "get_auth_status",
    "set_up_clinic",
    "sign_in",
    "unlock_with_recovery_key",
    "take_recovery_key",
    "new_recovery_key",
    "get_encryption_status",
    "sign_out",
    "lock_app",
    "unlock_app",
    "keep_alive",
    "list_users",
    "save_user",
    "change_password",
    "list_audit",
    "verify_audit",
    "record_print",
    "get_backup_status",
    "list_backups",
    "backup_now",
    "restore_backup",
    "choose_backup_folder",
    "use_default_backup_folder",
    "get_reference_data",
    "save_area",
    "save_device_model",
    "save_depth_guidance",
    "save_settings",
    "list_patients",
    "get_patient",
    "save_patient",
    "archive_patient",
    "restore_patient",
    "check_session",
    "save_session",
    "get_session",
    "list_patient_sessions",
    "sign_session",
    "add_addendum",
    "verify_signatures",
    "get_patient_history",
    "save_history_entry",
    "save_history_term",
    "save_rule",
    "save_product",
    "get_aftercare_handout",
    "mark_aftercare_given",
    "get_aftercare_settings",
    "save_aftercare_template",
    "save_downtime_band",
    "list_patient_courses",
    "save_course",
    "list_due_courses",
    "save_protocol",
    "search_sessions",
    "recall_lot",
    "get_reaction_report",
    "get_sessions_per_month",
    "get_courses_due_report",
    "export_csv",
    "export_records",
    "export_fhir",
    "export_patient_packet",
    "import_columns",
    "choose_import_file",
    "preview_import",
    "forget_import_file",
    "check_import",
    "run_import",
    "list_import_batches",
];

/// The invoke handler with every command.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        startup::get_startup_status,
        recovery::restore_newest_backup,
        recovery::open_other_database,
        recovery::quit_app,
        accounts::get_auth_status,
        accounts::set_up_clinic,
        accounts::sign_in,
        keys::unlock_with_recovery_key,
        keys::take_recovery_key,
        keys::new_recovery_key,
        keys::get_encryption_status,
        accounts::sign_out,
        accounts::lock_app,
        accounts::unlock_app,
        accounts::keep_alive,
        accounts::list_users,
        accounts::save_user,
        accounts::change_password,
        audit::list_audit,
        audit::verify_audit,
        audit::record_print,
        backups::get_backup_status,
        backups::list_backups,
        backups::backup_now,
        backups::restore_backup,
        backups::choose_backup_folder,
        backups::use_default_backup_folder,
        reference::get_reference_data,
        reference::save_area,
        reference::save_device_model,
        reference::save_depth_guidance,
        reference::save_settings,
        patients::list_patients,
        patients::get_patient,
        patients::save_patient,
        patients::archive_patient,
        patients::restore_patient,
        sessions::check_session,
        sessions::save_session,
        sessions::get_session,
        sessions::list_patient_sessions,
        signing::sign_session,
        signing::add_addendum,
        signing::verify_signatures,
        screening::get_patient_history,
        screening::save_history_entry,
        screening::save_history_term,
        screening::save_rule,
        screening::save_product,
        aftercare::get_aftercare_handout,
        aftercare::mark_aftercare_given,
        aftercare::get_aftercare_settings,
        aftercare::save_aftercare_template,
        aftercare::save_downtime_band,
        courses::list_patient_courses,
        courses::save_course,
        courses::list_due_courses,
        courses::save_protocol,
        review::search_sessions,
        review::recall_lot,
        review::get_reaction_report,
        review::get_sessions_per_month,
        review::get_courses_due_report,
        exports::export_csv,
        records::export_records,
        records::export_fhir,
        records::export_patient_packet,
        import::import_columns,
        import::choose_import_file,
        import::preview_import,
        import::forget_import_file,
        import::check_import,
        import::run_import,
        import::list_import_batches,
    ]
}
