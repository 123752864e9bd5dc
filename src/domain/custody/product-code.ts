/**
 * Product Code, ISBT 128 ST-001 §2.4.3 (data structure 003): `=<αooootds`. `αoooo` is the
 * Product Description Code; for cellular therapy (α = S) the sixth character `t` is the type of
 * collection (Table 7), which is where "for autologous use only" is encoded.
 */
export type ProductCode = string & { readonly __brand: 'ProductCode' };

// ST-001 §2.4.3 element types. Case matters: `t` = r or s (lower case) means a paid collection,
// and `s` is a lower-case sub-division, so product codes are never upper-cased.
const PRODUCT_CODE = /^[A-Z][A-Z0-9]{4}[A-Za-z0-9][A-Z0-9][a-z0-9]$/;

// α values whose `t` is the collection type (ST-001 §2.4.3): E, F, H, S, P, X0 and YA–YZ.
// A–D are national or local codes whose `tds` the code's owner defines; CellPath's local codes
// follow the cellular-therapy layout, so they are read the same way.
const COLLECTION_TYPE_IN_T = /^(?:[EFHSP]|X0|Y[A-Z]|[A-D])/;

// ST-001 Table 7: `1` for autologous use only; `X` for autologous use only, biohazard.
// (`8`, "for autologous use, contains allogeneic material", does not say "only".)
const AUTOLOGOUS_ONLY = new Set(['1', 'X']);

export function isProductCode(text: string): boolean {
  return PRODUCT_CODE.test(text);
}

export function asProductCode(text: string): ProductCode {
  if (!isProductCode(text)) {
    throw new Error(
      `${JSON.stringify(text)} is not a product code: 8 characters, a capital letter then 4 letters or digits, the collection type, and the 2-character division`,
    );
  }
  return text as ProductCode;
}

/** Reads `=<` + 8 characters as scanned, or the 8 characters alone. */
export function parseProductCode(input: string): ProductCode | null {
  const text = input.trim();
  const code = text.startsWith('=<') ? text.slice(2) : text;
  return isProductCode(code) ? (code as ProductCode) : null;
}

export function productCodeDataStructure(code: string): string {
  return `=<${asProductCode(code)}`;
}

/** Cellular therapy products are coded with α = S (ST-001 §2.4.3, mapping of α values). */
export function isCellularTherapy(code: string): boolean {
  return asProductCode(code).startsWith('S');
}

/** National (A–C) or local/facility (D) product description codes, not ICCBBA's database. */
export function isNationalOrLocalProductCode(code: string): boolean {
  return /^[A-D]/.test(asProductCode(code));
}

/**
 * True when the product code says the product may go only to the patient it was collected from
 * (21 CFR 1271.370: the label must then say "For autologous use only").
 */
export function isAutologousOnly(code: string): boolean {
  const valid = asProductCode(code);
  return COLLECTION_TYPE_IN_T.test(valid) && AUTOLOGOUS_ONLY.has(valid.charAt(5));
}
