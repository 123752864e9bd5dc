import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProtocolContent } from '../../domain/protocol/schema.js';
import { appendAudit } from '../../store/audit.js';
import {
  findProtocolVersion,
  insertProtocolVersion,
  insertRetirement,
  listLatestProtocols,
  listProtocolVersions,
} from '../../store/protocols.js';
import { auditContext, permission, requireAuth } from '../auth.js';
import { ProtocolSummarySchema, ProtocolVersionSchema, toProtocolSummary } from '../care-dto.js';
import { conflict, notFound } from '../errors.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import type { AppContext } from './context.js';

const Code = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'must be a protocol code' });

export function protocolRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/protocols',
    {
      config: permission('protocol.read'),
      schema: {
        tags: ['protocols'],
        summary: "The latest version of each of the clinic's protocols",
        response: { 200: z.object({ items: z.array(ProtocolSummarySchema) }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return { items: (await listLatestProtocols(db, auth.clinicId)).map(toProtocolSummary) };
    },
  );

  r.get(
    '/api/protocols/:code/versions',
    {
      config: permission('protocol.read'),
      schema: {
        tags: ['protocols'],
        summary: 'Every version of one protocol, newest first; retired versions stay readable',
        params: z.strictObject({ code: Code }),
        response: { 200: z.object({ items: z.array(ProtocolSummarySchema) }), 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const versions = await listProtocolVersions(db, auth.clinicId, request.params.code);
      if (versions.length === 0) throw notFound('Protocol');
      return { items: versions.map(toProtocolSummary) };
    },
  );

  r.get(
    '/api/protocols/versions/:versionId',
    {
      config: permission('protocol.read'),
      schema: {
        tags: ['protocols'],
        summary: 'One protocol version with its full content',
        params: z.strictObject({ versionId: Uuid }),
        response: { 200: ProtocolVersionSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const version = await findProtocolVersion(db, auth.clinicId, request.params.versionId);
      if (!version) throw notFound('Protocol version');
      return { ...toProtocolSummary(version), content: version.content };
    },
  );

  r.post(
    '/api/protocols/:code/versions',
    {
      config: permission('protocol.edit'),
      bodyLimit: 512 * 1024,
      schema: {
        tags: ['protocols'],
        summary: 'Copy and edit a protocol: the content becomes its next version',
        params: z.strictObject({ code: Code }),
        body: z.strictObject({ content: ProtocolContent }),
        response: { 201: ProtocolVersionSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { code } = request.params;
      const { content } = request.body;
      if (content.code !== code) throw conflict(`content.code must be ${code}`, 'content.code');
      if ((await listProtocolVersions(db, auth.clinicId, code)).length === 0) throw notFound('Protocol');
      const id = await db.transaction().execute(async (trx) => {
        const versionId = await insertProtocolVersion(trx, auth.clinicId, content, auth.userId);
        await appendAudit(trx, auditContext(request), {
          action: 'protocol.new_version',
          entity: 'protocol_version',
          entityId: versionId,
          summary: { code },
        });
        return versionId;
      });
      const created = await findProtocolVersion(db, auth.clinicId, id);
      if (!created) throw notFound('Protocol version');
      return reply.code(201).send({ ...toProtocolSummary(created), content: created.content });
    },
  );

  r.post(
    '/api/protocols/versions/:versionId/retire',
    {
      config: permission('protocol.edit'),
      schema: {
        tags: ['protocols'],
        summary: 'Retire a protocol version: nothing new is booked on it; it stays readable',
        params: z.strictObject({ versionId: Uuid }),
        body: z.strictObject({
          reason: z.string().trim().min(3, { message: 'say why (at least 3 characters)' }).max(500),
        }),
        response: { 201: ProtocolSummarySchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { versionId } = request.params;
      const version = await findProtocolVersion(db, auth.clinicId, versionId);
      if (!version) throw notFound('Protocol version');
      if (version.retired) throw conflict('This version is retired already.');
      await db.transaction().execute(async (trx) => {
        await insertRetirement(trx, auth.clinicId, versionId, request.body.reason, auth.userId);
        await appendAudit(trx, auditContext(request), {
          action: 'protocol.retire',
          entity: 'protocol_version',
          entityId: versionId,
          summary: { code: version.code, version: version.version, reason: request.body.reason },
        });
      });
      const retired = await findProtocolVersion(db, auth.clinicId, versionId);
      if (!retired) throw notFound('Protocol version');
      return reply.code(201).send(toProtocolSummary(retired));
    },
  );
}
