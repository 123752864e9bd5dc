import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canonicalJson } from '../../domain/audit-chain.js';
import { typedNameMatches } from '../../domain/consent.js';
import { Consent, Text } from '../../domain/protocol/schema.js';
import { appendAudit } from '../../store/audit.js';
import { insertSignature, insertWitness, latestSignature } from '../../store/consents.js';
import { findPatient } from '../../store/patients.js';
import { findProtocolVersion } from '../../store/protocols.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { ConsentStatusSchema, toConsentStatus } from '../care-dto.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import { findScopedPlan, verifySignature } from '../scope.js';
import type { AppContext } from './context.js';

// The meaning of each electronic signature is recorded with it (21 CFR 11.50).
const SIGN_MEANING = 'I have read this consent, had my questions answered, and agree to the treatment';
const WITNESS_MEANING = 'I witnessed the patient sign this consent';

export function consentRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const scopedPlan = (auth: Auth, planId: string) => findScopedPlan(db, auth, planId);

  const ConsentView = z.object({
    planId: z.string(),
    protocolTitle: Text,
    protocolVersionId: z.string(),
    consent: Consent,
    status: ConsentStatusSchema,
  });

  r.get(
    '/api/plans/:planId/consent',
    {
      config: permission('consent.read'),
      schema: {
        tags: ['consent'],
        summary: "The consent text of the plan's protocol version and whether it is signed and witnessed",
        params: z.strictObject({ planId: Uuid }),
        response: { 200: ConsentView, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const plan = await scopedPlan(auth, request.params.planId);
      const protocol = await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId);
      if (!protocol) throw notFound('Protocol version');
      const signature = await latestSignature(db, auth.clinicId, plan.id);
      return {
        planId: plan.id,
        protocolTitle: protocol.content.title,
        protocolVersionId: protocol.id,
        consent: protocol.content.consent,
        status: toConsentStatus(signature, {
          protocolVersionId: protocol.id,
          consentVersion: protocol.content.consent.version,
        }),
      };
    },
  );

  r.post(
    '/api/plans/:planId/consent/sign',
    {
      config: permission('consent.sign'),
      schema: {
        tags: ['consent'],
        summary: 'The patient signs the consent: typed full name and password, for the exact version shown',
        params: z.strictObject({ planId: Uuid }),
        body: z.strictObject({
          typedName: z.string().trim().min(1).max(200),
          password: z.string().min(1).max(1024),
          language: z.enum(['en', 'ar']),
          consentVersion: z.number().int().positive(),
        }),
        response: {
          201: ConsentStatusSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const plan = await scopedPlan(auth, request.params.planId);
      const protocol = await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId);
      const patient = await findPatient(db, auth.clinicId, plan.patientId);
      if (!protocol || !patient) throw notFound('Plan');
      const consent = protocol.content.consent;
      if (request.body.consentVersion !== consent.version) {
        throw conflict(
          'The consent text changed since it was shown: read the current version and sign again.',
          'consentVersion',
        );
      }
      if (!typedNameMatches(request.body.typedName, patient)) {
        throw badRequest('typedName: type your full name as the clinic has it on file', 'typedName');
      }
      await verifySignature(db, auth, request.body.password);
      await db.transaction().execute(async (trx) => {
        const id = await insertSignature(trx, {
          clinicId: auth.clinicId,
          planId: plan.id,
          patientId: plan.patientId,
          protocolVersionId: protocol.id,
          consentVersion: consent.version,
          language: request.body.language,
          // The hash pins the exact text signed, in both languages, whatever changes later.
          contentHash: createHash('sha256').update(canonicalJson(consent)).digest('hex'),
          typedName: request.body.typedName,
          userId: auth.userId,
          meaning: SIGN_MEANING,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'consent.sign',
          entity: 'consent_signature',
          entityId: id,
          summary: { planId: plan.id, protocolVersionId: protocol.id, consentVersion: consent.version },
        });
      });
      const signature = await latestSignature(db, auth.clinicId, plan.id);
      return reply
        .code(201)
        .send(
          toConsentStatus(signature, { protocolVersionId: protocol.id, consentVersion: consent.version }),
        );
    },
  );

  r.post(
    '/api/plans/:planId/consent/witness',
    {
      config: permission('consent.witness'),
      schema: {
        tags: ['consent'],
        summary: "A staff member witnesses the patient's signature with their own password",
        params: z.strictObject({ planId: Uuid }),
        body: z.strictObject({ password: z.string().min(1).max(1024) }),
        response: {
          201: ConsentStatusSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const plan = await scopedPlan(auth, request.params.planId);
      const protocol = await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId);
      if (!protocol) throw notFound('Plan');
      const signature = await latestSignature(db, auth.clinicId, plan.id);
      if (!signature) throw conflict('The patient has not signed this consent yet.');
      if (signature.witness) throw conflict('This signature is witnessed already.');
      await verifySignature(db, auth, request.body.password);
      await db.transaction().execute(async (trx) => {
        await insertWitness(trx, {
          clinicId: auth.clinicId,
          signatureId: signature.id,
          userId: auth.userId,
          meaning: WITNESS_MEANING,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'consent.witness',
          entity: 'consent_signature',
          entityId: signature.id,
          summary: { planId: plan.id },
        });
      });
      const witnessed = await latestSignature(db, auth.clinicId, plan.id);
      return reply.code(201).send(
        toConsentStatus(witnessed, {
          protocolVersionId: protocol.id,
          consentVersion: protocol.content.consent.version,
        }),
      );
    },
  );
}
