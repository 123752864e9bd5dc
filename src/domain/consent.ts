import { normalizeForSearch } from './search-text.js';

export interface ConsentRecord {
  protocolVersionId: string;
  consentVersion: number;
  witnessed: boolean;
}

/**
 * A consent is valid for a session when the patient signed the exact consent text of the
 * session's protocol version and a staff member witnessed it.
 */
export function isConsentValid(
  record: ConsentRecord | null,
  required: { protocolVersionId: string; consentVersion: number },
): boolean {
  return (
    record !== null &&
    record.protocolVersionId === required.protocolVersionId &&
    record.consentVersion === required.consentVersion &&
    record.witnessed
  );
}

/** The typed name must be the patient's full name on file, in either script, however accented. */
export function typedNameMatches(
  typed: string,
  names: {
    givenName: string | null;
    familyName: string | null;
    givenNameAr: string | null;
    familyNameAr: string | null;
  },
): boolean {
  const wanted = [
    [names.givenName, names.familyName],
    [names.givenNameAr, names.familyNameAr],
  ]
    .filter(([given, family]) => given && family)
    .map((parts) => normalizeForSearch(parts.join(' ')));
  const got = normalizeForSearch(typed);
  return got.length > 0 && wanted.includes(got);
}
