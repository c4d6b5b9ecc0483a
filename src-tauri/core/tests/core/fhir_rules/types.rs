//! The R4 definitions of the resource types the export emits, as the validator needs them:
//! the element names each type may hold (anything else is an unknown element), the required
//! (1..) elements, the code sets of `required` bindings, and the target types each
//! reference-holding element allows (from hl7.org/fhir/R4, each resource's definition).
//! Kept as one table, formatted by hand.

/// Elements every resource may hold.
pub const COMMON: &[&str] = &[
    "resourceType",
    "id",
    "meta",
    "implicitRules",
    "language",
    "text",
    "contained",
    "extension",
    "modifierExtension",
];

/// The elements, required elements, code sets and reference targets of one type.
pub struct Rules {
    pub elements: &'static [&'static str],
    pub required: &'static [&'static str],
    /// Element path (array steps dropped) → the codes a required binding allows.
    pub codes: &'static [(&'static str, &'static [&'static str])],
    /// Element path (array steps dropped) → allowed target types; `*` is any.
    pub references: &'static [(&'static str, &'static [&'static str])],
}

const PRACTITIONER_ETC: &[&str] = &["Practitioner", "PractitionerRole", "RelatedPerson"];
const AGENT: &[&str] = &[
    "Practitioner",
    "PractitionerRole",
    "RelatedPerson",
    "Patient",
    "Device",
    "Organization",
];
const AUTHOR: &[&str] = &["Practitioner", "Patient", "RelatedPerson", "Organization"];
const NAME_USE: &[&str] = &[
    "usual",
    "official",
    "temp",
    "nickname",
    "anonymous",
    "old",
    "maiden",
];

/// The rules of `resource_type`, or `None` for a type this validator does not cover.
#[rustfmt::skip]
pub fn rules(resource_type: &str) -> Option<Rules> {
    Some(match resource_type {
        "Patient" => Rules {
            elements: &["identifier", "active", "name", "telecom", "gender", "birthDate",
                "deceasedBoolean", "deceasedDateTime", "address", "maritalStatus",
                "multipleBirthBoolean", "multipleBirthInteger", "photo", "contact",
                "communication", "generalPractitioner", "managingOrganization", "link"],
            required: &[],
            codes: &[
                ("gender", &["male", "female", "other", "unknown"]),
                ("name.use", NAME_USE),
                ("telecom.system", &["phone", "fax", "email", "pager", "url", "sms", "other"]),
                ("telecom.use", &["home", "work", "temp", "old", "mobile"]),
                ("identifier.use", &["usual", "official", "temp", "secondary", "old"]),
            ],
            references: &[("generalPractitioner", &["Organization", "Practitioner",
                "PractitionerRole"]), ("managingOrganization", &["Organization"])],
        },
        "Practitioner" => Rules {
            elements: &["identifier", "active", "name", "telecom", "address", "gender",
                "birthDate", "photo", "qualification", "communication"],
            required: &[],
            codes: &[("name.use", NAME_USE),
                ("identifier.use", &["usual", "official", "temp", "secondary", "old"])],
            references: &[],
        },
        "Encounter" => Rules {
            elements: &["identifier", "status", "statusHistory", "class", "classHistory", "type",
                "serviceType", "priority", "subject", "episodeOfCare", "basedOn", "participant",
                "appointment", "period", "length", "reasonCode", "reasonReference", "diagnosis",
                "account", "hospitalization", "location", "serviceProvider", "partOf"],
            required: &["status", "class"],
            codes: &[("status", &["planned", "arrived", "triaged", "in-progress", "onleave",
                "finished", "cancelled", "entered-in-error", "unknown"])],
            references: &[("subject", &["Patient", "Group"]),
                ("participant.individual", PRACTITIONER_ETC),
                ("serviceProvider", &["Organization"]), ("partOf", &["Encounter"])],
        },
        "Procedure" => Rules {
            elements: &["identifier", "instantiatesCanonical", "instantiatesUri", "basedOn",
                "partOf", "status", "statusReason", "category", "code", "subject", "encounter",
                "performedDateTime", "performedPeriod", "performedString", "performedAge",
                "performedRange", "recorder", "asserter", "performer", "location", "reasonCode",
                "reasonReference", "bodySite", "outcome", "report", "complication",
                "complicationDetail", "followUp", "note", "focalDevice", "usedReference",
                "usedCode"],
            required: &["status", "subject"],
            codes: &[("status", &["preparation", "in-progress", "not-done", "on-hold", "stopped",
                "completed", "entered-in-error", "unknown"])],
            references: &[("subject", &["Patient", "Group"]), ("encounter", &["Encounter"]),
                ("performer.actor", &["Practitioner", "PractitionerRole", "Organization",
                    "Patient", "RelatedPerson", "Device"]),
                ("partOf", &["Procedure", "Observation", "MedicationAdministration"]),
                ("usedReference", &["Device", "Medication", "Substance"]),
                ("focalDevice.manipulated", &["Device"]), ("note.authorReference", AUTHOR)],
        },
        "Observation" => Rules {
            elements: &["identifier", "basedOn", "partOf", "status", "category", "code",
                "subject", "focus", "encounter", "effectiveDateTime", "effectivePeriod",
                "effectiveTiming", "effectiveInstant", "issued", "performer", "valueQuantity",
                "valueCodeableConcept", "valueString", "valueBoolean", "valueInteger",
                "valueRange", "valueRatio", "valueSampledData", "valueTime", "valueDateTime",
                "valuePeriod", "dataAbsentReason", "interpretation", "note", "bodySite",
                "method", "specimen", "device", "referenceRange", "hasMember", "derivedFrom",
                "component"],
            required: &["status", "code"],
            codes: &[("status", &["registered", "preliminary", "final", "amended", "corrected",
                "cancelled", "entered-in-error", "unknown"])],
            references: &[("subject", &["Patient", "Group", "Device", "Location"]),
                ("encounter", &["Encounter"]),
                ("partOf", &["MedicationAdministration", "MedicationDispense",
                    "MedicationStatement", "Procedure", "Immunization", "ImagingStudy"]),
                ("performer", &["Practitioner", "PractitionerRole", "Organization", "CareTeam",
                    "Patient", "RelatedPerson"]),
                ("device", &["Device", "DeviceMetric"]), ("note.authorReference", AUTHOR)],
        },
        "Device" => Rules {
            elements: &["identifier", "definition", "udiCarrier", "status", "statusReason",
                "distinctIdentifier", "manufacturer", "manufactureDate", "expirationDate",
                "lotNumber", "serialNumber", "deviceName", "modelNumber", "partNumber", "type",
                "specialization", "version", "property", "patient", "owner", "contact",
                "location", "url", "note", "safety", "parent"],
            required: &[],
            codes: &[("status", &["active", "inactive", "entered-in-error", "unknown"]),
                ("deviceName.type", &["udi-label-name", "user-friendly-name",
                    "patient-reported-name", "manufacturer-name", "model-name", "other"])],
            references: &[("patient", &["Patient"]), ("owner", &["Organization"]),
                ("parent", &["Device"]), ("note.authorReference", AUTHOR)],
        },
        "Medication" => Rules {
            elements: &["identifier", "code", "status", "manufacturer", "form", "amount",
                "ingredient", "batch"],
            required: &[],
            codes: &[("status", &["active", "inactive", "entered-in-error"])],
            references: &[("manufacturer", &["Organization"])],
        },
        "MedicationAdministration" => Rules {
            elements: &["identifier", "instantiates", "partOf", "status", "statusReason",
                "category", "medicationCodeableConcept", "medicationReference", "subject",
                "context", "supportingInformation", "effectiveDateTime", "effectivePeriod",
                "performer", "reasonCode", "reasonReference", "request", "device", "note",
                "dosage", "eventHistory"],
            required: &["status", "subject"],
            codes: &[("status", &["in-progress", "not-done", "on-hold", "completed",
                "entered-in-error", "stopped", "unknown"])],
            references: &[("partOf", &["MedicationAdministration", "Procedure"]),
                ("medicationReference", &["Medication"]), ("subject", &["Patient", "Group"]),
                ("context", &["Encounter", "EpisodeOfCare"]),
                ("performer.actor", &["Practitioner", "PractitionerRole", "Patient",
                    "RelatedPerson", "Device"]),
                ("device", &["Device"]), ("note.authorReference", AUTHOR)],
        },
        "Provenance" => Rules {
            elements: &["target", "occurredPeriod", "occurredDateTime", "recorded", "policy",
                "location", "reason", "activity", "agent", "entity", "signature"],
            required: &["target", "recorded", "agent"],
            codes: &[("entity.role", &["derivation", "revision", "quotation", "source",
                "removal"])],
            references: &[("target", &["*"]), ("agent.who", AGENT), ("agent.onBehalfOf", AGENT),
                ("signature.who", AGENT), ("signature.onBehalfOf", AGENT),
                ("entity.what", &["*"]), ("location", &["Location"])],
        },
        "CodeSystem" => Rules {
            elements: &["url", "identifier", "version", "name", "title", "status",
                "experimental", "date", "publisher", "contact", "description", "useContext",
                "jurisdiction", "purpose", "copyright", "caseSensitive", "valueSet",
                "hierarchyMeaning", "compositional", "versionNeeded", "content", "supplements",
                "count", "filter", "property", "concept"],
            required: &["status", "content"],
            codes: &[("status", &["draft", "active", "retired", "unknown"]),
                ("content", &["not-present", "example", "fragment", "complete", "supplement"])],
            references: &[],
        },
        _ => return None,
    })
}
