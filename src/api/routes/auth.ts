import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { afterFailedLogin, afterSuccessfulLogin, isLocked } from '../../domain/login-guard.js';
import {
  deleteSession,
  findUserForLogin,
  insertSession,
  newToken,
  saveLoginState,
} from '../../store/accounts.js';
import { appendAudit } from '../../store/audit.js';
import { findClinic } from '../../store/clinics.js';
import { verifyAgainstDummy, verifyPassword } from '../../store/passwords.js';
import { auditContext, clearSessionCookie, permission, requireAuth, setSessionCookie } from '../auth.js';
import { ApiError, notFound } from '../errors.js';
import { ErrorSchema, toMe, UserEnvelope } from '../schemas.js';
import type { AppContext } from './context.js';

const LoginBody = z.strictObject({
  email: z.string().trim().min(1, { message: 'is required' }).max(254),
  password: z.string().min(1, { message: 'is required' }).max(1024),
});

export function authRoutes(app: FastifyInstance, { db, config }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/login',
    {
      config: {
        ...permission('public'),
        rateLimit: { max: config.loginRatePerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: LoginBody,
        response: {
          200: UserEnvelope,
          400: ErrorSchema,
          401: ErrorSchema,
          423: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const now = new Date();
      const user = await findUserForLogin(db, email);
      if (!user) {
        await verifyAgainstDummy(password);
        throw new ApiError(401, 'invalid_credentials', 'Email or password is not right.');
      }
      const context = { clinicId: user.clinicId, userId: user.id, role: user.role, requestId: request.id };
      if (isLocked(user.login, now)) {
        throw new ApiError(
          423,
          'locked',
          'Too many failed attempts: this account is locked for a few minutes.',
        );
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        const next = afterFailedLogin(user.login, now);
        await db.transaction().execute(async (trx) => {
          await saveLoginState(trx, user.id, next);
          await appendAudit(trx, context, {
            action: isLocked(next, now) ? 'auth.lockout' : 'auth.login_failed',
            entity: 'user',
            entityId: user.id,
            summary: { failedCount: next.failedCount, lockedUntil: next.lockedUntil?.toISOString() ?? null },
          });
        });
        throw new ApiError(401, 'invalid_credentials', 'Email or password is not right.');
      }
      const clinic = await findClinic(db, user.clinicId);
      if (!clinic) throw notFound('Clinic');
      const { token, hash } = newToken();
      await db.transaction().execute(async (trx) => {
        await saveLoginState(trx, user.id, afterSuccessfulLogin());
        await insertSession(trx, user, hash, now);
        await appendAudit(trx, context, {
          action: 'auth.login',
          entity: 'user',
          entityId: user.id,
          summary: {},
        });
      });
      setSessionCookie(request, reply, token);
      return { user: toMe(user, clinic) };
    },
  );

  r.post(
    '/api/auth/logout',
    {
      config: permission('session.self'),
      schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null(), 401: ErrorSchema } },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      await db.transaction().execute(async (trx) => {
        await deleteSession(trx, auth.sessionId);
        await appendAudit(trx, auditContext(request), {
          action: 'auth.logout',
          entity: 'user',
          entityId: auth.userId,
          summary: {},
        });
      });
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: permission('session.self'),
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: UserEnvelope, 401: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const clinic = await findClinic(db, auth.clinicId);
      if (!clinic) throw notFound('Clinic');
      return { user: toMe({ ...auth, id: auth.userId }, clinic) };
    },
  );
}
