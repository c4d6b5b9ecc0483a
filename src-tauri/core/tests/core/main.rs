//! Core integration tests: every test opens a real SQLite file in a temp folder through the
//! real migrations. One test binary, many modules, for build speed.

mod accounts;
mod aftercare;
mod audit;
mod audit_reference;
mod audit_verify;
mod backup;
mod courses;
mod demo;
mod disk_full;
mod encryption;
mod export;
mod fhir;
mod fhir_broken;
mod fhir_rules;
mod fixtures;
mod guidance;
mod high_water;
mod import;
mod import_parser;
mod medical;
mod migrations;
mod open_checks;
mod packet;
mod patients;
mod records;
mod recovery;
mod reference;
mod reports;
mod review_data;
mod screening;
mod screening_rules;
mod search;
mod sessions;
mod signing;
