import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaffRole, ROLES, STAFF_ROLES } from '../../domain/roles.js';
import {
  emailTaken,
  findInviteByToken,
  hashToken,
  insertInvite,
  insertSession,
  insertUser,
  listStaff,
  markInviteAccepted,
  newToken,
} from '../../store/accounts.js';
import { appendAudit } from '../../store/audit.js';
import { findClinic } from '../../store/clinics.js';
import { hashPassword } from '../../store/passwords.js';
import { auditContext, permission, requireAuth, setSessionCookie } from '../auth.js';
import { conflict, notFound } from '../errors.js';
import {
  Email,
  ErrorSchema,
  InviteSchema,
  Password,
  StaffUserSchema,
  toMe,
  UserEnvelope,
} from '../schemas.js';
import type { AppContext } from './context.js';

const DisplayName = z.string().trim().min(1, { message: 'is required' }).max(100);
const TokenParams = z.strictObject({ token: z.string().min(20).max(100) });

export function staffRoutes(app: FastifyInstance, { db, config }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/staff',
    {
      config: permission('staff.list'),
      schema: {
        tags: ['staff'],
        summary: "The clinic's staff accounts",
        response: { 200: z.object({ items: z.array(StaffUserSchema) }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const staff = await listStaff(db, auth.clinicId);
      return {
        items: staff.flatMap((u) =>
          isStaffRole(u.role)
            ? [
                {
                  id: u.id,
                  email: u.email,
                  displayName: u.displayName,
                  role: u.role,
                  createdAt: u.createdAt.toISOString(),
                  lockedUntil: u.login.lockedUntil?.toISOString() ?? null,
                },
              ]
            : [],
        ),
      };
    },
  );

  r.post(
    '/api/invites',
    {
      config: permission('staff.invite'),
      schema: {
        tags: ['staff'],
        summary: 'Invite a staff member with a one-time link',
        body: z.strictObject({ email: Email, role: z.enum(STAFF_ROLES), displayName: DisplayName }),
        response: { 201: InviteSchema, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { email, role, displayName } = request.body;
      if (await emailTaken(db, email)) throw conflict('An account with this email exists already.', 'email');
      const { token, hash } = newToken();
      const expiresAt = new Date(Date.now() + config.inviteHours * 3_600_000);
      await db.transaction().execute(async (trx) => {
        const invite = await insertInvite(trx, {
          clinicId: auth.clinicId,
          tokenHash: hash,
          email,
          displayName,
          role,
          patientId: null,
          expiresAt,
          createdBy: auth.userId,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'invite.create',
          entity: 'invite',
          entityId: invite.id,
          summary: { role, expiresAt: expiresAt.toISOString() },
        });
      });
      return reply
        .code(201)
        .send({ token, inviteUrl: `/invite/${token}`, email, role, expiresAt: expiresAt.toISOString() });
    },
  );

  r.get(
    '/api/invites/:token',
    {
      config: permission('public'),
      schema: {
        tags: ['staff'],
        summary: 'What an invite link is for (404 once used or expired)',
        params: TokenParams,
        response: {
          200: z.object({
            email: z.string(),
            role: z.enum(ROLES),
            displayName: z.string(),
            clinicName: z.string(),
            expiresAt: z.string(),
          }),
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const invite = await findInviteByToken(db, hashToken(request.params.token));
      if (!invite || invite.acceptedAt || invite.expiresAt <= new Date()) throw notFound('Invite');
      const clinic = await findClinic(db, invite.clinicId);
      return {
        email: invite.email,
        role: invite.role,
        displayName: invite.displayName,
        clinicName: clinic?.name ?? '',
        expiresAt: invite.expiresAt.toISOString(),
      };
    },
  );

  r.post(
    '/api/invites/:token/accept',
    {
      config: {
        ...permission('public'),
        rateLimit: { max: config.loginRatePerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['staff'],
        summary: 'Accept an invite: set a password, create the account and sign in',
        params: TokenParams,
        body: z.strictObject({ password: Password, displayName: DisplayName.optional() }),
        response: { 201: UserEnvelope, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const passwordHash = await hashPassword(request.body.password);
      const now = new Date();
      const session = newToken();
      const { user, clinicId } = await db.transaction().execute(async (trx) => {
        const invite = await findInviteByToken(trx, hashToken(request.params.token), true);
        if (!invite || invite.acceptedAt || invite.expiresAt <= now) throw notFound('Invite');
        if (await emailTaken(trx, invite.email)) throw conflict('An account with this email exists already.');
        const created = await insertUser(trx, {
          clinicId: invite.clinicId,
          email: invite.email,
          displayName: request.body.displayName ?? invite.displayName,
          role: invite.role,
          patientId: invite.patientId,
          passwordHash,
        });
        await markInviteAccepted(trx, invite.id, created.id, now);
        await insertSession(trx, created, session.hash, now);
        await appendAudit(
          trx,
          { clinicId: invite.clinicId, userId: created.id, role: created.role, requestId: request.id },
          {
            action: 'invite.accept',
            entity: 'user',
            entityId: created.id,
            summary: { inviteId: invite.id, role: created.role, patientId: created.patientId },
          },
        );
        return { user: created, clinicId: invite.clinicId };
      });
      const clinic = await findClinic(db, clinicId);
      if (!clinic) throw notFound('Clinic');
      setSessionCookie(request, reply, session.token);
      return reply.code(201).send({ user: toMe(user, clinic) });
    },
  );
}
