//! Dermalog core: the clinic's domain (patients, microneedling sessions and what each
//! session holds), its validation rules, and SQLite storage with embedded migrations.
//!
//! This crate has no Tauri dependency: the desktop shell, the tests and future tools
//! (command line, server) all call the same functions here. Invariants kept here:
//! - every write goes through [`db::Db::write_audited`], one `BEGIN IMMEDIATE` transaction
//!   per use case holding the change and its one audit row, so a save is either wholly on
//!   disk, audited, or not at all;
//! - every write names its actor ([`audit::Actor`]): a signed-in user and the time;
//! - input is validated before it touches SQL, and errors name the field at fault;
//! - time is an argument (`now`), never read from the system clock inside a rule;
//! - clinical rows are archived, never deleted.

#![warn(missing_docs)]

pub mod accounts;
pub mod aftercare;
pub mod audit;
pub mod backup;
mod codes;
pub mod consent;
pub mod courses;
pub mod db;
pub mod demo;
mod digest;
pub mod error;
pub mod export;
pub mod fhir;
pub mod files;
pub mod guidance;
pub mod import;
pub mod keys;
pub mod medical;
pub mod packet;
pub mod patients;
pub mod photos;
pub mod recall;
pub mod records;
pub mod reference;
pub mod reports;
pub mod screening;
pub mod sessions;
pub mod signing;
pub mod text;
mod validate;

pub use db::{Db, OpenError, OpenOptions};
pub use error::{Error, FieldError, Result};

/// Every TypeScript binding the UI uses, as (file name, contents). The shell adds its own;
/// a test compares them with the committed files in `ui/src/bindings`.
pub fn typescript_bindings() -> Vec<(String, String)> {
    use ts_rs::{Config, TS};
    let cfg = Config::default();
    let mut out = Vec::new();
    macro_rules! add {
        ($($t:ty),* $(,)?) => {$(
            out.push((format!("{}.ts", <$t as TS>::name(&cfg)),
                      <$t as TS>::export_to_string(&cfg).unwrap_or_else(|e| panic!("{e}"))));
        )*};
    }
    add!(
        error::FieldError,
        accounts::Role,
        accounts::User,
        accounts::UserInput,
        accounts::ClinicSetup,
        audit::Action,
        backup::BackupReason,
        backup::BackupInfo,
        audit::AuditQuery,
        audit::AuditEvent,
        audit::AuditReport,
        audit::AuditProblem,
        audit::ProblemCode,
        courses::ProtocolArea,
        courses::Protocol,
        courses::ProtocolInput,
        courses::CourseInput,
        courses::CourseState,
        courses::Course,
        courses::DueCourse,
        export::CsvRequest,
        reports::Dimension,
        reports::ReportPeriod,
        reports::ReportReactionType,
        reports::ReportGrade,
        reports::ReportCell,
        reports::ReportGroup,
        reports::ReactionReport,
        reports::MonthCount,
        reports::CoursesDueReport,
        reports::ProtocolDue,
        sessions::SessionFilter,
        sessions::SessionHit,
        sessions::SessionPage,
        sessions::RecentSessions,
        sessions::PageRequest,
        recall::LotUse,
        recall::RecallHit,
        reference::MapView,
        reference::MapSpot,
        aftercare::AftercareTemplate,
        aftercare::DowntimeBand,
        aftercare::AftercareSettings,
        aftercare::HandoutArea,
        aftercare::Handout,
        patients::SexAtBirth,
        patients::PatientInput,
        patients::Patient,
        photos::PhotoPhase,
        photos::PhotoView,
        photos::PhotoSize,
        photos::PhotoInput,
        photos::RemovePhotoInput,
        photos::PhotoRemoval,
        photos::Photo,
        patients::PatientSummary,
        patients::PatientQuery,
        reference::Area,
        reference::AreaInput,
        reference::Region,
        reference::Indication,
        reference::ReactionScale,
        reference::ReactionType,
        reference::ReferenceData,
        reference::DeviceModel,
        reference::DeviceModelInput,
        reference::DepthGuidance,
        reference::DepthGuidanceInput,
        reference::ClinicSettings,
        reference::CatalogueProduct,
        reference::CatalogueProductInput,
        reference::ProductKind,
        reference::Intradermal,
        medical::HistoryKind,
        medical::HistoryTerm,
        medical::HistoryTermInput,
        medical::HistoryEntry,
        medical::HistoryEntryInput,
        medical::FitzpatrickAssessment,
        medical::PatientHistory,
        screening::Timing,
        screening::WindowUnit,
        screening::Rule,
        screening::RuleInput,
        screening::ScreeningOverride,
        screening::Evidence,
        screening::ScreeningResult,
        guidance::Finding,
        guidance::FindingLevel,
        guidance::FindingCode,
        sessions::DeviceKind,
        sessions::NeedlePattern,
        sessions::ProductRole,
        sessions::TimePoint,
        sessions::SessionStatus,
        sessions::SessionInput,
        sessions::TreatedAreaInput,
        sessions::ProductInput,
        sessions::ReactionInput,
        sessions::Session,
        sessions::TreatedArea,
        sessions::ProductApplied,
        sessions::Reaction,
        signing::Meaning,
        signing::Signature,
        signing::AddendumKind,
        signing::Correction,
        signing::FollowUpReaction,
        signing::Addendum,
        signing::AddendumInput,
        signing::SignInput,
        signing::SignatureCheck,
        signing::SignatureMismatch,
        consent::ConsentKind,
        consent::PhotoScope,
        consent::SignerRelation,
        consent::ConsentMethod,
        consent::TemplateVersion,
        consent::TemplateVersionSummary,
        consent::ConsentTemplate,
        consent::TemplateVersionInput,
        consent::ConsentInput,
        consent::RevokeConsentInput,
        consent::Revocation,
        consent::Consent,
        consent::ConsentStatus,
        consent::ConsentDocument,
        import::FileKind,
        import::Encoding,
        import::Delimiter,
        import::DateOrder,
        import::ImportOptions,
        import::ColumnInfo,
        import::MappedColumn,
        import::ColumnMapping,
        import::Severity,
        import::Problem,
        import::FileSummary,
        import::Counts,
        import::ImportReport,
        import::Phase,
        import::Progress,
        import::PreviewColumn,
        import::PreviewRow,
        import::Preview,
        import::ImportBatch,
        import::ImportOrigin,
        records::RecordsKind,
    );
    out
}
