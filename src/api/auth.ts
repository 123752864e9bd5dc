import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type Action, type Actor, isAllowed, type Permission } from '../domain/policy.js';
import type { Role } from '../domain/roles.js';
import { type SessionPolicy, sessionVerdict, shouldTouch } from '../domain/session-expiry.js';
import { deleteSession, findSession, hashToken, touchSession } from '../store/accounts.js';
import type { AuditContext } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import { forbidden, unauthenticated } from './errors.js';

export const SESSION_COOKIE = 'cellpath_session';

export interface Auth extends Actor {
  sessionId: string;
  userId: string;
  clinicId: string;
  role: Role;
  email: string;
  displayName: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route names what it needs; a route without one is refused (fail closed). */
    permission?: Permission;
  }
  interface FastifyRequest {
    auth: Auth | null;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: Permission | undefined;
}

/**
 * Reads the session cookie into `request.auth`, then enforces each route's declared permission.
 * Routes are recorded as they are registered so a test can prove none lacks a permission.
 */
export function registerAuth(
  app: FastifyInstance,
  db: Kysely<Database>,
  policy: SessionPolicy,
  registry: RegisteredRoute[],
): void {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    // Outside /api/ the server sends only the app's static shell and the API reference: no data.
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, permission: route.config?.permission ?? 'public' };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      registry.push({ method, url: route.url, permission: route.config?.permission });
    }
  });

  // Runs before the body is parsed or validated: without the right to call a route, a request
  // learns nothing about what the route accepts.
  app.addHook('onRequest', async (request, reply) => {
    await authenticate(request, reply);
    // No route matched: the not-found handler answers 404 (or the app shell), with no data.
    if (request.routeOptions.url === undefined) return;
    const permission = request.routeOptions.config?.permission;
    if (permission === 'public') return;
    if (!request.auth) throw unauthenticated();
    if (!permission || !isAllowed(request.auth.role, permission)) throw forbidden();
  });

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await findSession(db, hashToken(token));
    const now = new Date();
    if (!session) {
      clearSessionCookie(reply);
      return;
    }
    if (sessionVerdict(session, now, policy) !== 'active') {
      await deleteSession(db, session.id);
      clearSessionCookie(reply);
      return;
    }
    if (shouldTouch(session, now)) await touchSession(db, session.id, now);
    const { user } = session;
    request.auth = {
      sessionId: session.id,
      userId: user.id,
      clinicId: user.clinicId,
      role: user.role,
      patientId: user.patientId,
      email: user.email,
      displayName: user.displayName,
    };
  }
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The signed-in user, for handlers behind a non-public permission (the preHandler guarantees it). */
export function requireAuth(request: FastifyRequest): Auth {
  if (!request.auth) throw unauthenticated();
  return request.auth;
}

export function auditContext(request: FastifyRequest): AuditContext {
  const auth = request.auth;
  return {
    clinicId: auth?.clinicId ?? null,
    userId: auth?.userId ?? null,
    role: auth?.role ?? null,
    requestId: request.id,
  };
}

export function permission(action: Action | 'public'): { permission: Permission } {
  return { permission: action };
}
