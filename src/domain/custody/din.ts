import { checkValue, mod37_2 } from './check-character.js';

/**
 * The Donation Identification Number (ISBT 128 ST-001 §2.4.1, data structure 001): 13 characters
 * `αppppyynnnnnn` = Facility Identification Number (FIN), nominal year, sequence. It identifies one
 * collection for a hundred years, so every product, bag and record of a patient's cells hangs on it.
 */
export type Din = string & { readonly __brand: 'Din' };

export interface DinParts {
  /** The FIN registered with ICCBBA, or the clinic's local code when it has none (DOMAIN.md §7). */
  facilityCode: string;
  /** The nominal year the number was assigned: 2026 or 26 (only the last two digits are kept). */
  year: number;
  /** 1–999999 within the year for this facility. */
  sequence: number;
}

// ST-001 §2.4.1: α is {A–N, P–Z, 1–9}; the next two are {A–N, P–Z, 0–9} (digits in current use,
// letters reserved for the future), the last two are digits. O is excluded everywhere: it reads as 0.
const FIN = /^[A-NP-Z1-9][A-NP-Z0-9]{2}[0-9]{2}$/;
const DIN_SHAPE = /^[A-Z0-9]{5}[0-9]{8}$/;
// Flag characters (ST-001 Table 3): digits, or letters A–H, J–N, P, R–Y reserved for the future.
const FLAGS = /^[0-9A-HJ-NPR-Y]{2}$/;

export function isFacilityCode(text: string): boolean {
  return FIN.test(text);
}

export function formatDin({ facilityCode, year, sequence }: DinParts): Din {
  if (!isFacilityCode(facilityCode)) {
    throw new Error(
      `Facility code ${JSON.stringify(facilityCode)} is not valid: 5 characters, the first A–N, P–Z or 1–9 (never O), then 4 digits`,
    );
  }
  if (!Number.isInteger(year) || year < 0 || year > 9999) throw new Error(`Year ${year} is not a year`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new Error(`Sequence ${sequence} is outside 000001–999999`);
  }
  const yy = String(year % 100).padStart(2, '0');
  return `${facilityCode}${yy}${String(sequence).padStart(6, '0')}` as Din;
}

/** Checks the shape of a 13-character DIN and brands it; throws when it is not one. */
export function asDin(text: string): Din {
  if (!DIN_SHAPE.test(text) || !isFacilityCode(text.slice(0, 5))) {
    throw new Error(`${JSON.stringify(text)} is not a 13-character Donation Identification Number`);
  }
  return text as Din;
}

export function dinWithCheck(din: string): { din: Din; check: string } {
  const valid = asDin(din);
  return { din: valid, check: mod37_2(valid) };
}

/** Type 3 flag characters (ST-001 Table 3): 60 plus the MOD 37-2 check value, so 60–96. */
export function checkFlags(din: string): string {
  return String(60 + checkValue(asDin(din)));
}

/** The DIN data structure 001 as a barcode carries it: `=` + DIN + two flag characters. */
export function dinDataStructure(din: string, flags: string = checkFlags(din)): string {
  if (!FLAGS.test(flags)) throw new Error(`Flag characters ${JSON.stringify(flags)} are not valid`);
  return `=${asDin(din)}${flags}`;
}

export interface EyeReadableDin {
  facility: string;
  year: string;
  sequence: string;
  /** Printed in a box beside the number (ST-001 §7.5), never part of the DIN itself. */
  check: string;
  /** FIN, year and sequence separated by spaces, as printed: `W1234 26 000123`. */
  text: string;
}

export function eyeReadable(din: string): EyeReadableDin {
  const { din: valid, check } = dinWithCheck(din);
  const facility = valid.slice(0, 5);
  const year = valid.slice(5, 7);
  const sequence = valid.slice(7);
  return { facility, year, sequence, check, text: `${facility} ${year} ${sequence}` };
}

export type DinProblem = 'malformed' | 'bad_facility' | 'check_mismatch' | 'flag_mismatch';

export type ParsedDin =
  | { ok: true; din: Din; check: string; flags: string | null }
  | { ok: false; reason: DinProblem; message: string };

const MESSAGES: Record<DinProblem, string> = {
  malformed:
    'This is not a donation number: scan the DIN barcode, or type the 13 characters and the boxed check character (e.g. W1234 26 000123 K).',
  bad_facility:
    'The facility code (first 5 characters) is not valid: the first is A–N, P–Z or 1–9 (never O), then 4 digits. Check what was typed.',
  check_mismatch:
    'The check character does not match: the identifier was mistyped. Type it again from the label, including the boxed character.',
  flag_mismatch:
    'The barcode flag does not match the donation number: the label may be damaged or altered. Do not use it; rescan or relabel.',
};

function problem(reason: DinProblem): ParsedDin {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/** Shape and facility of the 13 DIN characters, before any check is compared. */
function shapeProblem(din: string): DinProblem | null {
  if (!DIN_SHAPE.test(din)) return 'malformed';
  return isFacilityCode(din.slice(0, 5)) ? null : 'bad_facility';
}

/** Data structure 001 from a scanner: flags 60–96 carry the check value and are verified. */
function parseDataStructure(body: string): ParsedDin {
  const din = body.slice(0, 13);
  const flags = body.slice(13);
  if (body.length !== 15 || !FLAGS.test(flags)) return problem('malformed');
  const bad = shapeProblem(din);
  if (bad) return problem(bad);
  const flagValue = /^[0-9]{2}$/.test(flags) ? Number(flags) : -1;
  if (flagValue >= 60 && flagValue <= 96 && flagValue - 60 !== checkValue(din))
    return problem('flag_mismatch');
  return { ok: true, din: din as Din, check: mod37_2(din), flags };
}

/** What a person types from the label: the DIN then the boxed check character. */
function parseTyped(text: string): ParsedDin {
  if (text.length !== 14) return problem('malformed');
  const din = text.slice(0, 13);
  const bad = shapeProblem(din);
  if (bad) return problem(bad);
  const check = mod37_2(din);
  if (text[13] !== check) return problem('check_mismatch');
  return { ok: true, din: din as Din, check, flags: null };
}

/**
 * Reads a DIN from a keyboard-wedge scanner (`=αppppyynnnnnnff`) or from a person typing the
 * eye-readable number and its check character, with or without spaces, in either case. A bare
 * 13-character DIN is refused: without the check character a typing mistake would pass unseen.
 */
export function parseDin(input: string): ParsedDin {
  const text = input.replace(/\s+/g, '').toUpperCase();
  if (text.startsWith('=')) return parseDataStructure(text.slice(1));
  return parseTyped(text);
}
