import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { findClinic } from '../../store/clinics.js';
import { permission, requireAuth } from '../auth.js';
import { notFound } from '../errors.js';
import { ClinicSchema, ErrorSchema } from '../schemas.js';
import type { AppContext } from './context.js';

export function clinicRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/health',
    {
      config: permission('public'),
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => {
      await sql`select 1`.execute(db);
      return { status: 'ok' as const };
    },
  );

  r.get(
    '/api/clinic',
    {
      config: permission('clinic.read'),
      schema: { tags: ['clinic'], summary: "The signed-in user's clinic", response: { 200: ClinicSchema } },
    },
    async (request) => {
      const clinic = await findClinic(db, requireAuth(request).clinicId);
      if (!clinic) throw notFound('Clinic');
      return clinic;
    },
  );

  r.get(
    '/api/audit',
    {
      config: permission('audit.read'),
      schema: {
        tags: ['audit'],
        summary: "The clinic's audit trail, newest first, optionally for one record",
        querystring: z.strictObject({
          entity: z.string().max(40).optional(),
          entityId: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                seq: z.number(),
                at: z.string(),
                actorUserId: z.string().nullable(),
                actorRole: z.string().nullable(),
                action: z.string(),
                entity: z.string(),
                entityId: z.string().nullable(),
                summary: z.unknown(),
                requestId: z.string().nullable(),
              }),
            ),
          }),
          400: ErrorSchema,
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { entity, entityId, limit } = request.query;
      let query = db
        .selectFrom('audit_event')
        .select([
          'seq',
          'at',
          'actor_user_id',
          'actor_role',
          'action',
          'entity',
          'entity_id',
          'summary',
          'request_id',
        ])
        .where('clinic_id', '=', auth.clinicId);
      if (entity) query = query.where('entity', '=', entity);
      if (entityId) query = query.where('entity_id', '=', entityId);
      const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
      return {
        items: rows.map((row) => ({
          seq: row.seq,
          at: row.at.toISOString(),
          actorUserId: row.actor_user_id,
          actorRole: row.actor_role,
          action: row.action,
          entity: row.entity,
          entityId: row.entity_id,
          summary: row.summary,
          requestId: row.request_id,
        })),
      };
    },
  );
}
