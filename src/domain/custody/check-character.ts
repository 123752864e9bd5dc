/**
 * ISO/IEC 7064 MOD 37-2: the check character ISBT 128 prints in a box beside the eye-readable
 * DIN (ST-001 §7.5, Appendix A). It catches every single-character substitution and every
 * adjacent transposition, which are the usual mistakes of a person typing from a label.
 */

/** Value of each character is its index: 0–9 → 0–9, A–Z → 10–35, and `*` stands for 36. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*';
const MODULUS = 37;

/** The value (0–35) of one input character; only digits and capital letters carry data. */
export function characterValue(character: string): number {
  const value = ALPHABET.indexOf(character);
  if (character.length !== 1 || value < 0 || value > 35) {
    throw new Error(
      `Cannot compute a MOD 37-2 check over ${JSON.stringify(character)}: only digits 0–9 and capital letters A–Z are allowed`,
    );
  }
  return value;
}

/**
 * The check value 0–36. Running (Horner) form of the weighted sum, ISO/IEC 7064 §7.1:
 * p = ((p + value) × 2) mod 37 for each character, then (38 − p) mod 37, so that the weighted sum
 * of the text followed by its check value is ≡ 1 (mod 37).
 */
export function checkValue(text: string): number {
  if (text.length === 0) throw new Error('Cannot compute a MOD 37-2 check over an empty text');
  let p = 0;
  for (const character of text) p = ((p + characterValue(character)) * 2) % MODULUS;
  return (38 - p) % MODULUS;
}

/** The character for a check value 0–36 (36 is printed as `*`). */
export function checkCharacterFor(value: number): string {
  const character = Number.isInteger(value) ? ALPHABET[value] : undefined;
  if (character === undefined) throw new Error(`A MOD 37-2 check value is 0–36, not ${value}`);
  return character;
}

/** The MOD 37-2 check character of `text` (digits and capital letters only). */
export function mod37_2(text: string): string {
  return checkCharacterFor(checkValue(text));
}
