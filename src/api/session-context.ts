import type { Kysely } from 'kysely';
import { findClinic } from '../store/clinics.js';
import { findPlan, findSession } from '../store/plans.js';
import { findProtocolVersion } from '../store/protocols.js';
import type { Database } from '../store/schema.js';
import type { Auth } from './auth.js';
import { notFound } from './errors.js';
import type { SessionContext } from './preparation-view.js';

/** A session of the caller's clinic with its plan, protocol version and clinic (404 otherwise). */
export async function loadSessionContext(
  db: Kysely<Database>,
  auth: Auth,
  sessionId: string,
): Promise<SessionContext> {
  const session = await findSession(db, auth.clinicId, sessionId);
  if (!session) throw notFound('Session');
  const [plan, clinic] = await Promise.all([
    findPlan(db, auth.clinicId, session.planId),
    findClinic(db, auth.clinicId),
  ]);
  const protocol = plan ? await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId) : null;
  if (!plan || !clinic || !protocol) throw notFound('Session');
  return { clinic, plan, session, protocol };
}
