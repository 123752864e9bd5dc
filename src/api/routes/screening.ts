import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localDate } from '../../domain/clinic-time.js';
import { Text } from '../../domain/protocol/schema.js';
import { Intake } from '../../domain/screening/intake.js';
import { overallSeverity, screen } from '../../domain/screening/rules.js';
import { appendAudit } from '../../store/audit.js';
import { findClinic } from '../../store/clinics.js';
import { loadScreeningRules } from '../../store/content.js';
import { findPatient } from '../../store/patients.js';
import { insertDecision, insertIntake, latestDecision, latestIntake } from '../../store/screening.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { badRequest, notFound } from '../errors.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import { verifySignature } from '../scope.js';
import type { AppContext } from './context.js';

const FindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['exclude', 'caution', 'ok']),
  reason: Text,
  evidence: z.array(z.string()),
});

const ScreeningSchema = z.object({
  intake: Intake.extend({ id: z.string(), recordedAt: z.string(), recordedBy: z.string() }).nullable(),
  findings: z.array(FindingSchema),
  overall: z.enum(['exclude', 'caution', 'ok']).nullable(),
  decision: z
    .object({
      id: z.string(),
      decision: z.enum(['suitable', 'unsuitable']),
      overrideReason: z.string().nullable(),
      signedBy: z.string(),
      signedAt: z.string(),
      intakeId: z.string(),
      current: z.boolean(),
    })
    .nullable(),
});

const SIGN_MEANING = 'I reviewed the medical history and screening findings and decide on suitability';
const rules = loadScreeningRules;

export function screeningRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const params = z.strictObject({ id: Uuid });

  /** The latest intake, its findings (evaluated with today's rules) and the latest decision. */
  async function screeningOf(auth: Auth, patientId: string) {
    const clinic = await findClinic(db, auth.clinicId);
    const intake = await latestIntake(db, auth.clinicId, patientId);
    const decision = await latestDecision(db, auth.clinicId, patientId);
    const today = localDate(new Date(), clinic?.timeZone ?? 'UTC');
    const findings = intake ? screen(intake.answers, rules(), today) : [];
    return {
      intake: intake
        ? {
            ...intake.answers,
            id: intake.id,
            recordedAt: intake.recordedAt.toISOString(),
            recordedBy: intake.recordedBy,
          }
        : null,
      findings,
      overall: intake ? overallSeverity(findings) : null,
      decision: decision
        ? {
            id: decision.id,
            decision: decision.decision,
            overrideReason: decision.overrideReason,
            signedBy: decision.signedBy,
            signedAt: decision.signedAt.toISOString(),
            intakeId: decision.intakeId,
            current: decision.intakeId === intake?.id,
          }
        : null,
    };
  }

  async function requirePatient(auth: Auth, id: string) {
    const patient = await findPatient(db, auth.clinicId, id);
    if (!patient) throw notFound('Patient');
    return patient;
  }

  r.get(
    '/api/patients/:id/screening',
    {
      config: permission('screening.read'),
      schema: {
        tags: ['screening'],
        summary: 'Latest medical history, its screening findings and the suitability decision',
        params,
        response: { 200: ScreeningSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      await requirePatient(auth, request.params.id);
      return screeningOf(auth, request.params.id);
    },
  );

  r.post(
    '/api/patients/:id/intake',
    {
      config: permission('intake.record'),
      schema: {
        tags: ['screening'],
        summary: 'Record the medical history (a correction is a new intake); returns the screening',
        params,
        body: Intake,
        response: { 201: ScreeningSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      await requirePatient(auth, request.params.id);
      await db.transaction().execute(async (trx) => {
        const id = await insertIntake(trx, auth.clinicId, request.params.id, request.body, auth.userId);
        await appendAudit(trx, auditContext(request), {
          action: 'intake.record',
          entity: 'intake',
          entityId: id,
          summary: { patientId: request.params.id, medications: request.body.medications.length },
        });
      });
      return reply.code(201).send(await screeningOf(auth, request.params.id));
    },
  );

  r.post(
    '/api/patients/:id/screening/decision',
    {
      config: permission('screening.sign'),
      schema: {
        tags: ['screening'],
        summary:
          "A physician signs the suitability decision with their password (over an 'exclude', with a reason)",
        params,
        body: z.strictObject({
          decision: z.enum(['suitable', 'unsuitable']),
          overrideReason: z.string().trim().max(2000).optional(),
          password: z.string().min(1).max(1024),
        }),
        response: {
          201: ScreeningSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { decision, overrideReason, password } = request.body;
      await requirePatient(auth, request.params.id);
      const current = await screeningOf(auth, request.params.id);
      if (!current.intake) throw badRequest('Record the medical history before deciding on suitability.');
      const overriding = decision === 'suitable' && current.overall === 'exclude';
      if (overriding && (!overrideReason || overrideReason.length < 10)) {
        throw badRequest(
          'overrideReason: signing "suitable" over an exclusion needs a written reason (at least 10 characters)',
          'overrideReason',
        );
      }
      await verifySignature(db, auth, password);
      const intakeId = current.intake.id;
      await db.transaction().execute(async (trx) => {
        const id = await insertDecision(trx, {
          clinicId: auth.clinicId,
          patientId: request.params.id,
          intakeId,
          findings: current.findings,
          rulesVersion: rules().version,
          decision,
          overrideReason: overrideReason ?? null,
          signedBy: auth.userId,
          meaning: SIGN_MEANING,
        });
        await appendAudit(trx, auditContext(request), {
          action: overriding ? 'screening.sign_override' : 'screening.sign',
          entity: 'suitability_decision',
          entityId: id,
          summary: {
            patientId: request.params.id,
            decision,
            overall: current.overall,
            overrideReason: overrideReason ?? null,
          },
        });
      });
      return reply.code(201).send(await screeningOf(auth, request.params.id));
    },
  );
}
