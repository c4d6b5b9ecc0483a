// Printing a patient's record (the summary, an aftercare handout): the print is recorded in
// the audit trail, then the system print dialog opens at once. The record is sent first but
// never waited for: a failure to record it does not hold up or block the print, and what is
// logged names only the error code (no patient data).
import { api, toApiError } from "./api";

export function printRecorded(patientId: string): void {
  api.recordPrint(patientId).catch((e: unknown) => {
    console.warn(`The print was not recorded in the audit trail (${toApiError(e).code}).`);
  });
  window.print();
}
