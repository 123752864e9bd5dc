import type { Kysely } from 'kysely';
import { canReadPatient } from '../domain/policy.js';
import { findPasswordHash } from '../store/accounts.js';
import { verifyPassword } from '../store/passwords.js';
import { findPlan, type PlanRecord } from '../store/plans.js';
import type { Database } from '../store/schema.js';
import type { Auth } from './auth.js';
import { ApiError, notFound } from './errors.js';

/** A patient account reaches only its own records; anything else answers as if it did not exist. */
export function requirePatientScope(auth: Auth, patientId: string, what = 'Patient'): void {
  if (!canReadPatient(auth, patientId)) throw notFound(what);
}

/**
 * An electronic signature (21 CFR 11.200): the signer re-enters their password at the moment of
 * signing, so the record proves who signed, not only whose session was open.
 */
export async function verifySignature(db: Kysely<Database>, auth: Auth, password: string): Promise<void> {
  const hash = await findPasswordHash(db, auth.userId);
  if (!hash || !(await verifyPassword(hash, password))) {
    throw new ApiError(
      401,
      'invalid_signature',
      'The password does not match: the signature was not recorded.',
      'password',
    );
  }
}

/** A treatment plan of the caller's clinic; a patient reaches only their own. */
export async function findScopedPlan(db: Kysely<Database>, auth: Auth, planId: string): Promise<PlanRecord> {
  const plan = await findPlan(db, auth.clinicId, planId);
  if (!plan) throw notFound('Plan');
  requirePatientScope(auth, plan.patientId, 'Plan');
  return plan;
}
