import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { patientName } from '../../domain/patient-rules.js';
import { Text } from '../../domain/protocol/schema.js';
import {
  DISCHARGE_CRITERIA,
  unmetDischargeCriteria,
  vitalsOutOfRange,
} from '../../domain/session/discharge.js';
import { appendAudit } from '../../store/audit.js';
import { findPatient } from '../../store/patients.js';
import { insertSessionRecord, sessionRecords } from '../../store/products.js';
import { lockSessionState } from '../../store/session-day.js';
import { auditContext, permission, requireAuth } from '../auth.js';
import { ApiError, notFound } from '../errors.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import { loadSessionContext } from '../session-context.js';
import { stepSession } from '../step.js';
import type { AppContext } from './context.js';

const VitalsBody = z.strictObject({
  systolic: z.number().int().min(40).max(260),
  diastolic: z.number().int().min(20).max(160),
  heartRate: z.number().int().min(20).max(240),
  spo2: z.number().int().min(50).max(100),
  temperatureC: z.number().min(30).max(43),
  painScore: z.number().int().min(0).max(10),
});

const Criteria = z.strictObject(
  Object.fromEntries(DISCHARGE_CRITERIA.map((c) => [c, z.boolean()])) as Record<
    (typeof DISCHARGE_CRITERIA)[number],
    z.ZodBoolean
  >,
);

export function monitoringRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.strictObject({ sessionId: Uuid });

  r.post(
    '/api/sessions/:sessionId/vitals',
    {
      config: permission('timeout.record'),
      schema: {
        tags: ['session day'],
        summary: 'Record vital signs and the pain score during monitoring; values out of range are flagged',
        params,
        body: VitalsBody,
        response: {
          201: z.object({ outOfRange: z.array(z.string()) }),
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const outOfRange = vitalsOutOfRange(request.body);
      await db.transaction().execute(async (trx) => {
        const { state } = await lockSessionState(trx, auth.clinicId, ctx.session.id);
        if (state !== 'monitoring')
          throw new ApiError(
            409,
            'wrong_state',
            `Vital signs are recorded during monitoring; the session is ${state}.`,
          );
        const id = await insertSessionRecord(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          kind: 'vitals',
          productId: null,
          data: { ...request.body, outOfRange },
          userId: auth.userId,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'session.vitals',
          entity: 'care_session',
          entityId: ctx.session.id,
          summary: { recordId: id, outOfRange },
        });
      });
      return reply.code(201).send({ outOfRange });
    },
  );

  r.post(
    '/api/sessions/:sessionId/discharge',
    {
      config: permission('timeout.record'),
      schema: {
        tags: ['session day'],
        summary: 'Discharge the patient when every discharge criterion holds; the recovery period starts now',
        params,
        body: z.strictObject({ criteria: Criteria }),
        response: {
          201: z.object({ state: z.string() }),
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const vitals = (await sessionRecords(db, auth.clinicId, ctx.session.id)).filter(
        (x) => x.kind === 'vitals',
      ).length;
      const unmet = unmetDischargeCriteria(request.body.criteria, ctx.plan.anesthesia, vitals);
      if (unmet.length > 0)
        throw new ApiError(409, 'discharge_criteria_unmet', `Not yet: ${unmet.join(', ')}.`);
      const state = await db.transaction().execute(async (trx) => {
        const to = await stepSession(trx, request, auth, ctx, 'discharge');
        await insertSessionRecord(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          kind: 'discharge',
          productId: null,
          data: request.body.criteria,
          userId: auth.userId,
        });
        return to;
      });
      return reply.code(201).send({ state });
    },
  );

  r.get(
    '/api/sessions/:sessionId/discharge-instructions',
    {
      config: permission('session.read'),
      schema: {
        tags: ['session day'],
        summary: "Discharge instructions from the protocol, in the patient's language, to print",
        params,
        response: {
          200: z.object({
            language: z.enum(['en', 'ar']),
            patientName: z.string(),
            clinicName: z.string(),
            protocolTitle: Text,
            postCare: z.array(Text),
            expectedSymptoms: z.array(z.object({ name: Text, usualCourse: Text })),
            redFlags: z.array(
              z.object({ description: Text, action: z.enum(['urgent_care', 'contact_clinic']) }),
            ),
          }),
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const ctx = await loadSessionContext(db, auth, request.params.sessionId);
      const patient = await findPatient(db, auth.clinicId, ctx.plan.patientId);
      if (!patient) throw notFound('Patient');
      const content = ctx.protocol.content;
      return {
        language: patient.preferredLanguage,
        patientName: patientName(patient, patient.preferredLanguage),
        clinicName: ctx.clinic.name,
        protocolTitle: content.title,
        postCare: content.postCare,
        expectedSymptoms: content.expectedSymptoms.map((s) => ({ name: s.name, usualCourse: s.usualCourse })),
        redFlags: content.redFlags.map((f) => ({ description: f.description, action: f.action })),
      };
    },
  );
}
