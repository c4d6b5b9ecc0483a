// The in-memory backend's consents, after the core (src-tauri/core/src/consent): versioned
// templates (the two the migration seeds, word for word; an admin's edit adds version n + 1,
// an edit identical to the current version is a Conflict); a patient's consents, recorded on
// the current version shown (its text's hash is sent back: a stale one is a Conflict), drawn
// on screen (a PNG with ink) or on paper (a scan), witnessed by the signed-in user; revoked
// once, from a day not before signing and not after today, with a reason; what is in force on
// a day; the printable record; and a photo's export for teaching or marketing, allowed only
// while a photo consent with that scope is in force. Same codes, field paths and sentences.
// Days are UTC days, as in the core.
import { v7 as uuidv7 } from "uuid";
import type { Action } from "../../bindings/Action";
import type { Consent } from "../../bindings/Consent";
import type { ConsentKind } from "../../bindings/ConsentKind";
import type { ConsentStatus } from "../../bindings/ConsentStatus";
import type { Patient } from "../../bindings/Patient";
import type { PhotoScope } from "../../bindings/PhotoScope";
import type { TemplateVersion } from "../../bindings/TemplateVersion";
import type { User } from "../../bindings/User";
import type { Backend } from "./backend";
import type { Need } from "./memory-accounts";
import type { AuditExtra } from "./memory-audit";
import { checkScan, checkSignature, demoSignature, inkedPixels } from "./memory-consent-images";
import { SEEDED_AT, SEEDED_TEMPLATES } from "./memory-consent-texts";
import type { ExportMemoryOptions } from "./memory-export";
import { sha256Hex } from "./memory-sha256";
import { Check, isRealDate } from "./memory-validate";
import { fail } from "./memory-fail";

/** What the consent calls need from the rest of the memory backend. */
export interface ConsentContext {
  run: <T>(body: () => T, need?: Need) => Promise<T>;
  log: (action: Action, entity: string, id: string | null, extra?: AuditExtra) => void;
  now: () => Date;
  /** Refuses a write when the disk is full. */
  diskFull: () => void;
  patients: Map<string, Patient>;
  user: () => User;
  /** One of the patient's photos (its type), or undefined. */
  photo: (patientId: string, photoId: string) => { media_type: string } | undefined;
}

type ConsentCalls = Pick<Backend,
  | "listConsentTemplates" | "saveConsentTemplate" | "listPatientConsents" | "getConsentStatus" | "recordConsent"
  | "revokeConsent" | "getConsentDocument" | "exportPhoto">;

interface StoredTemplate {
  id: string;
  kind: ConsentKind;
  name: string;
  /** Oldest first. */
  versions: TemplateVersion[];
}

interface StoredConsent {
  consent: Consent;
  text: string;
  signature: Uint8Array | null;
  scan: Uint8Array | null;
}

export const SCOPE_ORDER: PhotoScope[] = ["clinical_record", "teaching", "marketing"];
const WRITERS: Need = ["clinician", "aesthetician"];
const NAME_MAX = 100;
const TITLE_MAX = 120;
const TEXT_MIN = 20;
const TEXT_MAX = 20_000;
const REASON_MAX = 500;
// Control characters and bidi overrides; texts may hold newlines and tabs.
const NOTE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
const SOME_FIELDS = "Some fields need attention.";

const invalid = (field: string, message: string) => fail("Invalid", SOME_FIELDS, [{ field, message }]);
const clean = (s: string) => s.trim().normalize("NFC");
const chars = (s: string) => [...s].length;
const utcDay = (t: Date | string) => new Date(t).toISOString().slice(0, 10);

export class ConsentStore {
  readonly templates: StoredTemplate[] = SEEDED_TEMPLATES.map((t) => ({
    id: t.id, kind: t.kind, name: t.name,
    versions: [{
      id: t.versionId, version: 1, title: t.title, text: t.text, text_sha256: t.sha256, created_at: SEEDED_AT,
      created_by: null,
    }],
  }));
  readonly consents = new Map<string, StoredConsent>();

  /** Every consent of the patient, newest first. */
  of(patientId: string): Consent[] {
    return [...this.consents.values()].map((s) => s.consent).filter((c) => c.patient_id === patientId)
      .sort((a, b) => b.signed_at.localeCompare(a.signed_at) || b.id.localeCompare(a.id));
  }

  /** What the patient has consented to on `day` (see `Consent::in_force_on`). */
  status(patientId: string, day: string): ConsentStatus {
    const inForce = this.of(patientId)
      .filter((c) => utcDay(c.signed_at) <= day && (!c.revoked || c.revoked.effective_on > day));
    const scopes = new Set(inForce.filter((c) => c.kind === "photo").flatMap((c) => c.scopes));
    return {
      treatment: inForce.find((c) => c.kind === "treatment") ?? null,
      photo_scopes: SCOPE_ORDER.filter((s) => scopes.has(s)),
    };
  }
}

/** A template as listed: its current version and the older ones, newest first. */
function shown(t: StoredTemplate) {
  const current = t.versions[t.versions.length - 1];
  return {
    id: t.id, kind: t.kind, title: t.name, current,
    history: t.versions.slice(0, -1).reverse().map(({ id, version, title, created_at }) => ({ id, version, title, created_at })),
  };
}

export function consentCalls(ctx: ConsentContext, store: ConsentStore, opts: ExportMemoryOptions = {}): ConsentCalls {
  const { run, log } = ctx;
  const today = () => utcDay(ctx.now());
  const patient = (id: string) => {
    const p = ctx.patients.get(id);
    if (!p) throw fail("NotFound", "That patient could not be found.");
    return p;
  };
  const version = (id: string) => {
    for (const t of store.templates) {
      const v = t.versions.find((x) => x.id === id);
      if (v) return { template: t, v, current: t.versions[t.versions.length - 1].id === id };
    }
    throw fail("NotFound", "That consent template version could not be found.");
  };
  const find = (id: string) => {
    const c = store.consents.get(id);
    if (!c) throw fail("NotFound", "That consent could not be found.");
    return c;
  };

  return {
    listConsentTemplates: () => run(() => store.templates.map(shown)),

    saveConsentTemplate: (input) =>
      run(() => {
        const c = new Check();
        c.line("title", "Title", input.title, TITLE_MAX, true);
        const title = clean(input.title);
        // One line ending, so the same words hash the same whichever platform typed them.
        const text = clean(input.text.replace(/\r\n/g, "\n"));
        if (chars(text) < TEXT_MIN) c.fail("text", `The consent text needs at least ${TEXT_MIN} characters.`);
        else if (chars(text) > TEXT_MAX) c.fail("text", "The consent text can be at most 20,000 characters.");
        if (NOTE_CONTROL.test(text)) c.fail("text", "The consent text contains an invisible control character.");
        if (c.errors.length) throw fail("Invalid", SOME_FIELDS, c.errors);
        const t = store.templates.find((x) => x.id === input.template_id);
        if (!t) throw fail("NotFound", "That consent template could not be found.");
        const before = t.versions[t.versions.length - 1];
        if (before.title === title && before.text === text) {
          throw fail("Conflict", `This is the same as version ${before.version}: there is nothing new to save.`);
        }
        ctx.diskFull();
        const added: TemplateVersion = {
          id: uuidv7(), version: before.version + 1, title, text, text_sha256: sha256Hex(text),
          created_at: ctx.now().toISOString(), created_by: ctx.user().id,
        };
        t.versions.push(added);
        log("settings", "consent_template", t.id, {
          old: { version_id: before.id, version: before.version, text_sha256: before.text_sha256 },
          new: { version_id: added.id, version: added.version, title, text_sha256: added.text_sha256 },
        });
        return shown(t);
      }, "admin"),

    listPatientConsents: (patientId) =>
      run(() => {
        patient(patientId);
        return store.of(patientId);
      }),

    getConsentStatus: (patientId) =>
      run(() => {
        patient(patientId);
        return store.status(patientId, today());
      }),

    recordConsent: async (input) => {
      // Counting the ink is asynchronous (see memory-consent-images.ts): done first.
      const signature = input.signature_png ? Uint8Array.from(input.signature_png) : null;
      const inked = signature ? await inkedPixels(signature) : null;
      return run(() => {
        const p = patient(input.patient_id);
        if (p.archived) throw invalid("patient_id", "This patient is archived: restore them before recording a consent.");
        const { template, v, current } = version(input.template_version_id);
        if (!current || v.text_sha256 !== input.text_sha256) {
          throw fail("Conflict", "The consent text changed while it was open; read it again.");
        }
        const c = new Check();
        c.line("signer_name", "Signer's name", input.signer_name, NAME_MAX, true);
        const scopes = SCOPE_ORDER.filter((s) => input.scopes.includes(s));
        if (template.kind === "treatment" && scopes.length) c.fail("scopes", "A treatment consent has no photo uses.");
        if (template.kind === "photo" && !scopes.includes("clinical_record")) {
          c.fail("scopes", "A photo consent always includes use in the clinical record.");
        }
        let drawn: Uint8Array | null = null;
        let scan: ReturnType<typeof checkScan> = null;
        if (input.method === "drawn") {
          if (input.scan) c.fail("scan", "A consent signed on screen has no scan.");
          if (signature) drawn = checkSignature(c, signature, inked);
          else c.fail("signature_png", "Please sign in the box.");
        } else {
          if (input.signature_png) c.fail("signature_png", "A paper consent has its signature on the scan.");
          if (input.scan) scan = checkScan(c, Uint8Array.from(input.scan));
          else c.fail("scan", "Attach a scan of the signed paper consent.");
        }
        if (c.errors.length) throw fail("Invalid", SOME_FIELDS, c.errors);
        ctx.diskFull();
        const witness = ctx.user();
        const consent: Consent = {
          id: uuidv7(), patient_id: p.id, kind: template.kind, template_id: template.id, template_version_id: v.id,
          template_version: v.version, template_title: v.title, text_sha256: v.text_sha256, scopes,
          signer_name: clean(input.signer_name), signer_relation: input.signer_relation, method: input.method,
          signed_at: ctx.now().toISOString(), witness_id: witness.id, witness_name: witness.signature_name,
          has_signature: drawn !== null, signature_sha256: drawn ? sha256Hex(drawn) : null,
          has_scan: scan !== null, scan_media_type: scan?.mediaType ?? null,
          scan_sha256: scan ? sha256Hex(scan.bytes) : null, revoked: null,
        };
        store.consents.set(consent.id, { consent, text: v.text, signature: drawn?.slice() ?? null, scan: scan?.bytes.slice() ?? null });
        // Ids and choices only: the signer's name, the text and the pictures stay out of the audit trail.
        log("create", "consent", consent.id, {
          patient: p.id,
          new: { consent_id: consent.id, kind: consent.kind, template_version_id: v.id, version: v.version, scopes,
            method: input.method },
        });
        return consent;
      }, WRITERS);
    },

    revokeConsent: (input) =>
      run(() => {
        const stored = find(input.consent_id);
        const before = stored.consent;
        if (before.revoked) throw fail("Conflict", "This consent is already revoked.");
        if (!isRealDate(input.effective_on)) {
          throw fail("BadRequest", "The app sent data in an unexpected shape. Nothing was saved.");
        }
        const c = new Check();
        const reason = clean(input.reason);
        if (!reason) c.fail("reason", "Say why the consent is revoked.");
        else if (chars(reason) > REASON_MAX) c.fail("reason", `The reason can be at most ${REASON_MAX} characters.`);
        if (NOTE_CONTROL.test(reason)) c.fail("reason", "The reason contains an invisible control character.");
        if (input.effective_on < utcDay(before.signed_at)) {
          c.fail("effective_on", "A consent cannot be revoked from before the day it was signed.");
        } else if (input.effective_on > today()) {
          c.fail("effective_on", "The revocation date cannot be in the future.");
        }
        if (c.errors.length) throw fail("Invalid", SOME_FIELDS, c.errors);
        ctx.diskFull();
        stored.consent = {
          ...before,
          revoked: { revoked_at: ctx.now().toISOString(), effective_on: input.effective_on, revoked_by: ctx.user().id, reason },
        };
        log("archive", "consent", before.id, {
          patient: before.patient_id,
          new: { consent_id: before.id, kind: before.kind, effective_on: input.effective_on },
          reason,
        });
        return stored.consent;
      }, WRITERS),

    getConsentDocument: async (consentId) => {
      // The record is cloned as JSON on its way out, like every reply; the picture is copied
      // as bytes, as the app's raw reply brings it.
      const [record, signature, scan] = await run(() => {
        const s = find(consentId);
        return [{ consent: s.consent, text: s.text }, s.signature && Array.from(s.signature),
          s.scan && Array.from(s.scan)] as const;
      });
      return {
        ...record, signature_png: signature ? Uint8Array.from(signature) : null, scan: scan ? Uint8Array.from(scan) : null,
      };
    },

    exportPhoto: (patientId, photoId, purpose) =>
      run(() => {
        patient(patientId);
        if (purpose !== "clinical_record" && !store.status(patientId, today()).photo_scopes.includes(purpose)) {
          throw invalid("purpose",
            `This patient has no photo consent for ${purpose} in force. Record a photo consent that includes ${purpose} `
            + "before exporting photos for it.");
        }
        const photo = ctx.photo(patientId, photoId);
        if (!photo) throw fail("NotFound", "That photo could not be found.");
        if (opts.exportCancelled) return null;
        const ext = photo.media_type === "image/png" ? "png" : "jpg";
        log("export", "photo", photoId, { patient: patientId, new: { purpose } });
        return { path: `/tmp/dermalog-photo-${photoId.slice(0, 8)}-${purpose}.${ext}`, rows: 1 };
      }, "admin"),
  };
}

/**
 * Demo consents (`?demo`) for one patient, witnessed by `witness` on `signedAt`: a treatment
 * consent drawn on screen, and a photo consent for the clinical record and teaching.
 */
export function seedDemoConsents(
  store: ConsentStore, patient: Patient, signedAt: string, witness: Pick<User, "id" | "signature_name">,
): void {
  const signature = demoSignature();
  const scopes: Record<ConsentKind, PhotoScope[]> = { treatment: [], photo: ["clinical_record", "teaching"] };
  store.templates.forEach((t, i) => {
    const v = t.versions[0];
    const id = `0190a000-0000-7000-9c00-${String(i + 1).padStart(12, "0")}`;
    const consent: Consent = {
      id, patient_id: patient.id, kind: t.kind, template_id: t.id, template_version_id: v.id, template_version: v.version,
      template_title: v.title, text_sha256: v.text_sha256, scopes: scopes[t.kind],
      signer_name: `${patient.given_name} ${patient.family_name}`, signer_relation: "self", method: "drawn",
      signed_at: signedAt, witness_id: witness.id, witness_name: witness.signature_name, has_signature: true,
      signature_sha256: sha256Hex(signature), has_scan: false, scan_media_type: null, scan_sha256: null, revoked: null,
    };
    store.consents.set(id, { consent, text: v.text, signature, scan: null });
  });
}
