-- Patient list v2: each patient row carries its number of sessions and the start of the
-- latest, kept by the session save in the same transaction, so a search page of 200
-- patients reads them from the rows it already has instead of two subqueries per patient.
ALTER TABLE patient ADD COLUMN session_count INTEGER NOT NULL DEFAULT 0 CHECK (session_count >= 0);
ALTER TABLE patient ADD COLUMN last_session_at TEXT;
UPDATE patient SET
    session_count = (SELECT count(*) FROM session s WHERE s.patient_id = patient.id),
    last_session_at = (SELECT max(s.started_at) FROM session s WHERE s.patient_id = patient.id);
