-- Search v2: name indexes that hand rows over in display order, so a short prefix stops
-- after the first page instead of sorting every match (100,000 patients: "a" matches
-- thousands). Family-name matches are walked by (family, given, id), given-name matches by
-- (given, family, id).
DROP INDEX patient_family_key;
DROP INDEX patient_given_key;
CREATE INDEX patient_family_given ON patient (family_key, given_key, id);
CREATE INDEX patient_given_family ON patient (given_key, family_key, id);
