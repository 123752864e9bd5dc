import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { type SessionEvent, type SessionState, transition } from '../domain/session/state.js';
import { appendAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import { insertTransition, lockSessionState } from '../store/session-day.js';
import { type Auth, auditContext } from './auth.js';
import { ApiError } from './errors.js';
import type { SessionContext } from './preparation-view.js';

/**
 * Moves the session one step inside the caller's transaction, after the state machine agrees;
 * the records that come with the step are written in the same transaction.
 */
export async function stepSession(
  trx: Transaction<Database>,
  request: FastifyRequest,
  auth: Auth,
  ctx: SessionContext,
  event: SessionEvent,
  reason: string | null = null,
): Promise<SessionState> {
  const current = await lockSessionState(trx, auth.clinicId, ctx.session.id);
  const result = transition({
    state: current.state,
    cellSource: ctx.protocol.content.cellSource,
    event,
    role: auth.role,
    reason: reason ?? undefined,
  });
  if (!result.ok) {
    throw new ApiError(result.code === 'wrong_role' ? 403 : 409, result.code, result.message);
  }
  await insertTransition(trx, {
    clinicId: auth.clinicId,
    sessionId: ctx.session.id,
    seq: current.seq + 1,
    event,
    from: current.state,
    to: result.to,
    reason,
    userId: auth.userId,
    role: auth.role,
  });
  await appendAudit(trx, auditContext(request), {
    action: `session.${event}`,
    entity: 'care_session',
    entityId: ctx.session.id,
    summary: { from: current.state, to: result.to, reason },
  });
  return result.to;
}
