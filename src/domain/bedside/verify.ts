/**
 * The bedside check before injection: the right cells into the right patient. One pure function
 * decides, from what was scanned (wristband, product label) and what CellPath knows; any
 * mismatch is a hard stop with its reason — there is no "continue anyway".
 */
export type ProductStatus =
  | 'collected'
  | 'in_processing'
  | 'released'
  | 'received' // donor product in the clinic's store
  | 'issued' // donor product issued to one session
  | 'administered'
  | 'quarantined'
  | 'discarded';

export interface ProductFacts {
  din: string;
  source: 'autologous' | 'allogeneic';
  /** Autologous: the patient it was collected from. */
  collectedFromPatientId: string | null;
  /** Allogeneic: the session it was issued to. */
  issuedToSessionId: string | null;
  status: ProductStatus;
  useBy: Date;
  protocolVersionId: string;
}

export interface BedsideScan {
  /** The patient the scanned wristband belongs to, or null when the wristband is unknown. */
  wristbandPatientId: string | null;
  product: ProductFacts | null;
  session: { id: string; patientId: string; protocolVersionId: string };
  now: Date;
}

export type BedsideRefusal =
  | 'unknown_wristband'
  | 'wrong_patient_wristband'
  | 'unknown_product'
  | 'another_patients_product'
  | 'not_issued_to_this_session'
  | 'not_released'
  | 'already_administered'
  | 'expired'
  | 'wrong_protocol';

export type BedsideVerdict =
  | { ok: true }
  | { ok: false; refusals: Array<{ code: BedsideRefusal; message: string }> };

function refusalsFor(scan: BedsideScan): Array<{ code: BedsideRefusal; message: string }> {
  const { product, session, now } = scan;
  const out: Array<{ code: BedsideRefusal; message: string }> = [];
  if (scan.wristbandPatientId === null)
    out.push({ code: 'unknown_wristband', message: 'The wristband is not known to CellPath.' });
  else if (scan.wristbandPatientId !== session.patientId) {
    out.push({
      code: 'wrong_patient_wristband',
      message: "The wristband belongs to another patient than this session's.",
    });
  }
  if (!product)
    return [...out, { code: 'unknown_product', message: 'The product label is not known to CellPath.' }];
  if (product.source === 'autologous' && product.collectedFromPatientId !== session.patientId) {
    out.push({
      code: 'another_patients_product',
      message: `Product ${product.din} was collected for another patient.`,
    });
  }
  if (product.source === 'allogeneic' && product.issuedToSessionId !== session.id) {
    out.push({
      code: 'not_issued_to_this_session',
      message: `Donor product ${product.din} was not issued to this session.`,
    });
  }
  if (product.status === 'administered') {
    out.push({
      code: 'already_administered',
      message: `Product ${product.din} has already been administered.`,
    });
  } else if (product.status !== (product.source === 'autologous' ? 'released' : 'issued')) {
    out.push({
      code: 'not_released',
      message: `Product ${product.din} is ${product.status}, not released for use.`,
    });
  }
  if (product.useBy.getTime() <= now.getTime()) {
    out.push({ code: 'expired', message: `Product ${product.din} passed its use-by time.` });
  }
  if (product.protocolVersionId !== session.protocolVersionId) {
    out.push({
      code: 'wrong_protocol',
      message: `Product ${product.din} was prepared for another protocol.`,
    });
  }
  return out;
}

export function verifyAtBedside(scan: BedsideScan): BedsideVerdict {
  const refusals = refusalsFor(scan);
  return refusals.length === 0 ? { ok: true } : { ok: false, refusals };
}
