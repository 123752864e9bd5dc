import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BedsideScan, type ProductFacts, verifyAtBedside } from './verify.js';

const now = new Date('2026-12-16T08:00:00Z');
const session = { id: 's1', patientId: 'p1', protocolVersionId: 'v1' };
const product: ProductFacts = {
  din: 'W000126000001',
  source: 'autologous',
  collectedFromPatientId: 'p1',
  issuedToSessionId: null,
  status: 'released',
  useBy: new Date('2026-12-16T12:00:00Z'),
  protocolVersionId: 'v1',
};
const ok: BedsideScan = { wristbandPatientId: 'p1', product, session, now };
const codes = (scan: BedsideScan) => {
  const v = verifyAtBedside(scan);
  return v.ok ? [] : v.refusals.map((r) => r.code);
};

describe('bedside verification', () => {
  it('lets the right released product into the right patient', () => {
    expect(verifyAtBedside(ok)).toEqual({ ok: true });
  });

  it.each([
    [
      'another patient’s product',
      { product: { ...product, collectedFromPatientId: 'p2' } },
      ['another_patients_product'],
    ],
    [
      'an unreleased product',
      { product: { ...product, status: 'in_processing' as const } },
      ['not_released'],
    ],
    ['a quarantined product', { product: { ...product, status: 'quarantined' as const } }, ['not_released']],
    ['an expired product', { product: { ...product, useBy: now } }, ['expired']],
    [
      'a product already administered',
      { product: { ...product, status: 'administered' as const } },
      ['already_administered'],
    ],
    [
      'a product for another protocol',
      { product: { ...product, protocolVersionId: 'v2' } },
      ['wrong_protocol'],
    ],
    ['another patient’s wristband', { wristbandPatientId: 'p2' }, ['wrong_patient_wristband']],
    ['an unknown wristband', { wristbandPatientId: null }, ['unknown_wristband']],
    ['an unknown label', { product: null }, ['unknown_product']],
  ])('refuses %s', (_name, change, expected) => {
    expect(codes({ ...ok, ...change })).toEqual(expected);
  });

  it('accepts a donor product only in the session it was issued to', () => {
    const donor: ProductFacts = {
      ...product,
      source: 'allogeneic',
      collectedFromPatientId: null,
      issuedToSessionId: 's1',
      status: 'issued',
    };
    expect(codes({ ...ok, product: donor })).toEqual([]);
    expect(codes({ ...ok, product: { ...donor, issuedToSessionId: 's2' } })).toEqual([
      'not_issued_to_this_session',
    ]);
    expect(codes({ ...ok, product: { ...donor, status: 'received' } })).toEqual(['not_released']);
  });

  it('names every problem at once, so the team fixes the cause, not the first symptom', () => {
    expect(
      codes({
        ...ok,
        wristbandPatientId: 'p2',
        product: { ...product, collectedFromPatientId: 'p3', useBy: now },
      }),
    ).toEqual(['wrong_patient_wristband', 'another_patients_product', 'expired']);
  });
});

/**
 * A model of a clinic day: products are collected for patients or issued to sessions, and random
 * scans at random bedsides try to administer them. Administration happens only when the bedside
 * check passes. Whatever the sequence, no product reaches a patient it was not collected for or
 * issued to, and none is given twice.
 */
describe('no product ever reaches the wrong patient', () => {
  type Action =
    | { kind: 'collect'; patient: number }
    | { kind: 'issue_donor'; session: number }
    | { kind: 'release'; product: number }
    | { kind: 'administer'; product: number; session: number; wristband: number };

  const PATIENTS = 3;
  const sessionsOf = (s: number) => ({ id: `s${s}`, patientId: `p${s % PATIENTS}`, protocolVersionId: 'v1' });
  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('collect' as const), patient: fc.nat(PATIENTS - 1) }),
    fc.record({ kind: fc.constant('issue_donor' as const), session: fc.nat(5) }),
    fc.record({ kind: fc.constant('release' as const), product: fc.nat(9) }),
    fc.record({
      kind: fc.constant('administer' as const),
      product: fc.nat(9),
      session: fc.nat(5),
      wristband: fc.nat(PATIENTS),
    }),
  );

  it('holds for any sequence of collections, releases, issues and bedside scans', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        const products: ProductFacts[] = [];
        const given: Array<{ product: ProductFacts; patientId: string; sessionId: string }> = [];
        for (const a of actions) {
          if (a.kind === 'collect') {
            products.push({
              ...product,
              din: `D${products.length}`,
              collectedFromPatientId: `p${a.patient}`,
              status: 'collected',
            });
          } else if (a.kind === 'issue_donor') {
            products.push({
              ...product,
              din: `D${products.length}`,
              source: 'allogeneic',
              collectedFromPatientId: null,
              issuedToSessionId: `s${a.session}`,
              status: 'issued',
            });
          } else if (a.kind === 'release') {
            const p = products[a.product];
            if (p && p.status === 'collected') p.status = 'released';
          } else {
            const p = products[a.product] ?? null;
            const s = sessionsOf(a.session);
            const wristbandPatientId = a.wristband < PATIENTS ? `p${a.wristband}` : null;
            if (p && verifyAtBedside({ wristbandPatientId, product: p, session: s, now }).ok) {
              given.push({ product: { ...p }, patientId: s.patientId, sessionId: s.id });
              p.status = 'administered';
            }
          }
        }
        const dins = given.map((g) => g.product.din);
        return (
          new Set(dins).size === dins.length &&
          given.every((g) =>
            g.product.source === 'autologous'
              ? g.product.collectedFromPatientId === g.patientId
              : g.product.issuedToSessionId === g.sessionId,
          )
        );
      }),
      { numRuns: 500 },
    );
  });
});
