// The consent texts the core seeds (migrations/0014_consent.sql), word for word: the memory
// backend hashes them as the core does, and a test checks the hashes match the migration's.
import type { ConsentKind } from "../../bindings/ConsentKind";

export interface SeededTemplate {
  id: string;
  kind: ConsentKind;
  /** The template's name in lists. */
  name: string;
  versionId: string;
  /** The title printed above the text. */
  title: string;
  text: string;
  /** The migration's hash of `text`. */
  sha256: string;
}

export const SEEDED_AT = "2026-11-20T00:00:00Z";

export const SEEDED_TEMPLATES: SeededTemplate[] = [
  {
    id: "00000000-0000-7000-800f-000000000001",
    kind: "treatment",
    name: "Microneedling treatment consent",
    versionId: "00000000-0000-7000-8010-000000000001",
    title: "Consent to microneedling treatment",
    sha256: "2dd09cd4e14d2cc128e9e6286ef86151fc5f55ab20835dbdc225c383b889668d",
    text: `Microneedling uses a pen or roller with very fine, sterile needles to make many tiny, controlled punctures in the skin. The skin heals these and makes new collagen, which can improve acne scars, texture, fine lines and pores. Results build up over several sessions and cannot be guaranteed.

After treatment your skin will be red, swollen and tight, like a mild sunburn. This is expected and usually settles within 1 to 3 days. Pinpoint bleeding during treatment and dry or flaking skin for a few days afterwards are also common.

Possible risks:
- Bruising, especially around the eyes or if you bleed easily.
- Infection, including a flare of cold sores if you have had them before.
- Darker patches of skin after the inflammation (post-inflammatory hyperpigmentation). This is more likely in darker skin types and after sun exposure, and it can take months to fade.
- Spots, small white bumps (milia), itching or irritation.
- Rarely, firm lumps in the skin (granulomas) when a serum not meant for use on broken skin is applied. Only products suitable for microneedling will be used.
- Very rarely, scarring.

I confirm that I have told my practitioner about my health and medicines, including whether I have:
- an active skin infection, cold sore, open wound or inflamed acne in the area to be treated;
- taken isotretinoin (for example Roaccutane) in the last 6 months;
- a pregnancy, or am breastfeeding;
- a tendency to keloid or raised scars;
- taken blood-thinning medicines (anticoagulants), or a bleeding disorder.
I will tell the clinic before each session if any of this changes.

I will follow the aftercare advice I am given: sun protection, no make-up for 24 hours, gentle cleansing and no picking of the treated skin. I will contact the clinic straight away if I notice signs of infection such as increasing pain, warmth, pus, spreading redness or fever.

I have been able to ask questions and they have been answered. I understand that I can withdraw my consent and stop treatment at any time, including during a session, without giving a reason.

I consent to microneedling treatment as discussed with my practitioner.`,
  },
  {
    id: "00000000-0000-7000-800f-000000000002",
    kind: "photo",
    name: "Photo consent",
    versionId: "00000000-0000-7000-8010-000000000002",
    title: "Consent to clinical photographs",
    sha256: "1d4f97130e05ff649be1bc99d3fb6f58192ff804b13c573909eb390afec19ea2",
    text: `The clinic takes photographs of the treated areas before, during and after your treatment, to plan it and to follow your results.

Clinical record: your photographs are always part of your confidential clinical record. Only the staff caring for you see them, and they are kept for as long as the clinic must keep your record.

Teaching: only if you tick this box, your photographs may be shown to doctors, nurses and practitioners in training, for example at professional courses or in professional journals.

Marketing: only if you tick this box, your photographs may be used in the clinic's own publicity, for example on its website, in leaflets or on social media.

Photographs used for teaching or marketing will not show your name and, wherever possible, will not show your whole face, tattoos or other features that could identify you.

Your photographs are stored encrypted. Information that cameras and phones add to picture files, such as the place and time a photograph was taken, is removed before they are stored.

Saying no to teaching or marketing does not affect your treatment in any way.

You may withdraw this consent at any time, wholly or for teaching or marketing only, by telling the clinic. Your photographs will not be used for a withdrawn purpose after that; material already printed or published cannot always be recalled.

I consent to photographs being taken and used for the purposes I have ticked.`,
  },
];
