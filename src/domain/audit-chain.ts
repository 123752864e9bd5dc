import { createHash } from 'node:crypto';

/**
 * The audit trail is a hash chain per clinic: each event stores the hash of the one before it,
 * so altering or removing any row breaks every hash after it (`cellpath audit verify`).
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  chain: string;
  seq: number;
  clinicId: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  summary: unknown;
  at: Date;
  requestId: string | null;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(fields: AuditFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

export interface StoredAuditRow extends AuditFields {
  id: string;
  hash: string;
}

export type ChainProblem =
  | { kind: 'altered'; id: string; seq: number }
  | { kind: 'removed'; seq: number; beforeId: string | null }
  | { kind: 'relinked'; id: string; seq: number };

/**
 * Checks one chain, given its rows in `seq` order and the head the database recorded last.
 * Returns the first problem, naming the row, or null when the chain is intact.
 */
export function verifyChain(
  rows: readonly StoredAuditRow[],
  head: { seq: number; hash: string } | null,
): ChainProblem | null {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { kind: 'removed', seq: expectedSeq, beforeId: row.id };
    if (row.prevHash !== prevHash) return { kind: 'relinked', id: row.id, seq: row.seq };
    const { id: _id, hash, ...fields } = row;
    if (auditHash(fields) !== hash) return { kind: 'altered', id: row.id, seq: row.seq };
    prevHash = hash;
    expectedSeq += 1;
  }
  const lastSeq = expectedSeq - 1;
  if (head && (head.seq > lastSeq || (head.seq === lastSeq && head.hash !== prevHash))) {
    return { kind: 'removed', seq: lastSeq + 1, beforeId: null };
  }
  return null;
}
