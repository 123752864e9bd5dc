import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditFields,
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  type StoredAuditRow,
  verifyChain,
} from './audit-chain.js';

function buildChain(n: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const fields: AuditFields = {
      chain: 'clinic:c1',
      seq,
      clinicId: 'c1',
      actorUserId: 'u1',
      actorRole: 'nurse',
      action: 'patient.create',
      entity: 'patient',
      entityId: `p${seq}`,
      summary: { mrn: String(seq).padStart(6, '0'), nested: { b: 1, a: [1, 2] } },
      at: new Date(Date.UTC(2026, 0, 1, 0, seq)),
      requestId: `r${seq}`,
      prevHash,
    };
    const hash = auditHash(fields);
    rows.push({ ...fields, id: String(100 + seq), hash });
    prevHash = hash;
  }
  return rows;
}

const headOf = (rows: StoredAuditRow[]) => {
  const last = rows.at(-1);
  return last ? { seq: last.seq, hash: last.hash } : null;
};

describe('audit chain', () => {
  it('sorts keys so the same content always hashes the same', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(
      '{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}',
    );
  });

  it('accepts an intact chain', () => {
    const rows = buildChain(5);
    expect(verifyChain(rows, headOf(rows))).toBeNull();
  });

  it('names the altered row', () => {
    const rows = buildChain(5);
    rows[2] = { ...rows[2], summary: { mrn: '999999' } } as StoredAuditRow;
    expect(verifyChain(rows, headOf(buildChain(5)))).toEqual({ kind: 'altered', id: '103', seq: 3 });
  });

  it('names the gap where a row was removed', () => {
    const rows = buildChain(5);
    const head = headOf(rows);
    rows.splice(1, 1);
    expect(verifyChain(rows, head)).toEqual({ kind: 'removed', seq: 2, beforeId: '103' });
  });

  it('notices the latest row removed, through the recorded head', () => {
    const rows = buildChain(5);
    const head = headOf(rows);
    expect(verifyChain(rows.slice(0, 4), head)).toEqual({ kind: 'removed', seq: 5, beforeId: null });
  });

  it('detects any change to any field of any row', () => {
    const rows = buildChain(6);
    const head = headOf(rows);
    const keys = [
      'actorUserId',
      'actorRole',
      'action',
      'entity',
      'entityId',
      'summary',
      'requestId',
      'at',
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom(...keys),
        fc.string(),
        (index, key, value) => {
          const tampered = rows.map((r) => ({ ...r }));
          const original = tampered[index] as StoredAuditRow;
          const replacement =
            key === 'at' ? new Date(original.at.getTime() + 1) : key === 'summary' ? { value } : value;
          fc.pre(canonicalJson(replacement) !== canonicalJson(original[key]));
          tampered[index] = { ...original, [key]: replacement };
          const problem = verifyChain(tampered, head);
          return problem !== null && 'id' in problem && problem.id === original.id;
        },
      ),
    );
  });
});
