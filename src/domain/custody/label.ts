import { TZDate } from '@date-fns/tz';
import { encodeDateTime } from './date-time.js';
import { dinDataStructure, eyeReadable } from './din.js';
import { asProductCode, isAutologousOnly, productCodeDataStructure } from './product-code.js';
import { barcode, line, rect, text } from './svg.js';

/**
 * Container labels and wristbands as SVG. Layout after ISBT 128 ST-004 (DIN top left, product
 * top right, dates and patient below) on a 100 × 100 mm label; content after 21 CFR 1271.370:
 * distinct identification code, product, expiry with time zone, warnings, releasing
 * establishment, storage temperature, and "For autologous use only" where it applies.
 */

export interface LabelPatient {
  nameLatin: string;
  nameArabic?: string;
  /** YYYY-MM-DD, printed as given. */
  dateOfBirth: string;
  mrn: string;
}

export interface LabelInput {
  din: string;
  productCode: string;
  productName: string;
  collectedAt: Date;
  expiresAt: Date;
  /** IANA zone of the clinic: ISBT 128 times are wall-clock times there. */
  timeZone: string;
  facilityName: string;
  /** True when the facility code is the clinic's own, not an ICCBBA-registered FIN. */
  localFacilityCode: boolean;
  storageTemperature?: string;
  warnings?: readonly string[];
  patient: LabelPatient;
  /** DIN flag characters; by default the type 3 check flags (60 + check value). */
  flags?: string;
}

export interface WristbandInput {
  wristbandId: string;
  nameLatin: string;
  nameArabic?: string;
  dateOfBirth: string;
  mrn: string;
}

const SIZE = 100;
const FONT = 'font-family="Inter, \'Noto Sans Arabic\', Arial, sans-serif"';
// Code 128 narrow bar 0.25 mm sits inside ISBT 128's 0.17–0.34 mm X dimension (ST-001 §7.2,
// as we read it); DataMatrix cells of 0.4 mm keep the symbol in the lower right corner.
const LINEAR_MODULE = 0.25;
const MATRIX_MODULE = 0.4;

/** "2026-12-31 23:59 Asia/Riyadh (UTC+03:00)": the zone is printed because codes carry none. */
export function labelDateTime(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -local.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(offset) / 60));
  const date = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
  const time = `${pad(local.getHours())}:${pad(local.getMinutes())}`;
  return `${date} ${time} ${timeZone} (UTC${sign}${hours}:${pad(Math.abs(offset) % 60)})`;
}

/** Compound message (ST-001 §2.4.23) `=+aa000`: aa structures follow, in no registered order. */
export function compoundMessage(structures: readonly string[]): string {
  if (structures.length < 1 || structures.length > 99)
    throw new Error('A compound message holds 1–99 structures');
  return `=+${String(structures.length).padStart(2, '0')}000${structures.join('')}`;
}

function dinBlock(input: LabelInput): string[] {
  const readable = eyeReadable(input.din);
  return [
    barcode('code128', dinDataStructure(input.din, input.flags), {
      x: 4,
      y: 4,
      module: LINEAR_MODULE,
      height: 12,
    }),
    text(4, 22, readable.text, { size: 4.2, weight: 'bold' }),
    // ST-001 §7.5: the keyboard entry check character, in a box, beside the DIN.
    rect(39.5, 18.3, 4.6, 4.8),
    text(41.8, 22, readable.check, { size: 4.2, weight: 'bold', anchor: 'middle' }),
  ];
}

function productBlock(input: LabelInput): string[] {
  return [
    text(50, 8, input.productName, { size: 3.6, weight: 'bold' }),
    text(50, 13.5, `Product code ${input.productCode}`, { size: 2.8 }),
    text(50, 19, input.facilityName, { size: 2.8 }),
  ];
}

function datesBlock(input: LabelInput): string[] {
  return [
    // Full width so it is never cut off: a local code must not pass for a registered FIN.
    input.localFacilityCode
      ? text(4, 30.5, 'LOCAL CODE — not an ICCBBA-licensed code', { size: 2.6, weight: 'bold' })
      : '',
    text(4, 35, 'Collected', { size: 2.6 }),
    text(4, 39, labelDateTime(input.collectedAt, input.timeZone), { size: 3 }),
    text(4, 45, 'EXPIRES', { size: 2.6, weight: 'bold' }),
    text(4, 49.5, labelDateTime(input.expiresAt, input.timeZone), { size: 3.4, weight: 'bold' }),
    input.storageTemperature ? text(4, 54, `Store at ${input.storageTemperature}`, { size: 2.8 }) : '',
  ];
}

/** Latin name, then the Arabic name on its own line from the right edge, then DOB and MRN. */
function patientBlock(patient: LabelPatient, top: number): string[] {
  return [
    text(4, top, patient.nameLatin, { size: 3.6, weight: 'bold' }),
    patient.nameArabic
      ? text(SIZE - 4, top + 5, patient.nameArabic, { size: 3.6, weight: 'bold', rtl: true })
      : '',
    text(4, top + 10, `DOB ${patient.dateOfBirth}   MRN ${patient.mrn}`, { size: 3 }),
  ];
}

function warningsBlock(input: LabelInput): string[] {
  const lines = [
    ...(isAutologousOnly(input.productCode) ? ['FOR AUTOLOGOUS USE ONLY'] : []),
    ...(input.warnings ?? []),
  ];
  return lines.map((warning, index) => text(4, 80 + index * 4.5, warning, { size: 3.2, weight: 'bold' }));
}

function svgDocument(width: number, height: number, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}mm" height="${height}mm" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    rect(0.5, 0.5, width - 1, height - 1, 0.4),
    ...body.filter(Boolean),
    '</svg>',
  ].join('\n');
}

/** A 100 × 100 mm product label as an SVG string. Throws when the DIN or product code is invalid. */
export function renderLabel(input: LabelInput): string {
  const product = asProductCode(input.productCode);
  const matrix = compoundMessage([
    dinDataStructure(input.din, input.flags),
    productCodeDataStructure(product),
    encodeDateTime('collection', input.collectedAt, input.timeZone),
    encodeDateTime('expiry', input.expiresAt, input.timeZone),
  ]);
  return svgDocument(SIZE, SIZE, [
    ...dinBlock(input),
    ...productBlock(input),
    line(2, 26, SIZE - 2, 26),
    ...datesBlock(input),
    line(2, 57, SIZE - 2, 57),
    ...patientBlock(input.patient, 63),
    ...warningsBlock(input),
    barcode('datamatrix', matrix, { x: SIZE - 4, y: SIZE - 4, module: MATRIX_MODULE, fromBottomRight: true }),
  ]);
}

/** A 250 × 25 mm patient wristband: Code 128 of the wristband identifier, name, DOB, MRN. */
export function renderWristband(input: WristbandInput): string {
  // Code 128 encodes ASCII only; a wristband id is printable ASCII without spaces at the ends.
  if (!/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(input.wristbandId)) {
    throw new Error(`Wristband identifier ${JSON.stringify(input.wristbandId)} must be printable ASCII`);
  }
  const body = [
    barcode('code128', input.wristbandId, { x: 6, y: 4, module: LINEAR_MODULE, height: 12 }),
    text(6, 21, input.wristbandId, { size: 2.6 }),
    text(100, 8, input.nameLatin, { size: 4, weight: 'bold' }),
    text(100, 14.5, `DOB ${input.dateOfBirth}   MRN ${input.mrn}`, { size: 3.2 }),
    input.nameArabic ? text(244, 21, input.nameArabic, { size: 4, weight: 'bold', rtl: true }) : '',
  ];
  return svgDocument(250, 25, body);
}
