import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type BookingProblem, checkBooking } from '../../domain/booking/rules.js';
import { instantOf } from '../../domain/clinic-time.js';
import { ANESTHESIA, IMAGING_GUIDANCE, LATERALITY } from '../../domain/protocol/schema.js';
import { appendAudit } from '../../store/audit.js';
import { type Clinic, findClinic } from '../../store/clinics.js';
import { latestSignature } from '../../store/consents.js';
import { findPatient } from '../../store/patients.js';
import { findPlan, insertPlan, insertSessions, listPlans, type PlanRecord } from '../../store/plans.js';
import { findProtocolVersion } from '../../store/protocols.js';
import { queueSessionReminders } from '../../store/reminders.js';
import { latestDecision, latestIntake } from '../../store/screening.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { PlanSchema, toPlanDto } from '../care-dto.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import { findScopedPlan, requirePatientScope } from '../scope.js';
import type { AppContext } from './context.js';

const SessionSlot = z.strictObject({
  date: z.iso.date({ message: 'must be a date as YYYY-MM-DD' }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time as HH:MM (24 h)' }),
});

const NewPlanBody = z.strictObject({
  protocolVersionId: Uuid,
  conditionCode: z.string().min(1).max(64),
  targetSite: z.string().min(1).max(64),
  laterality: z.enum(LATERALITY).optional(),
  harvestSite: z.string().min(1).max(64).optional(),
  harvestLaterality: z.enum(['left', 'right']).optional(),
  anesthesia: z.enum(ANESTHESIA),
  imagingGuidance: z.enum(IMAGING_GUIDANCE),
  sessions: z.array(SessionSlot).min(1, { message: 'book at least one session' }).max(12),
});

/** A refused booking: 409 for the state of things (unsuitable, retired), 400 for a bad field. */
function bookingError(problem: BookingProblem): ApiError {
  if (problem.field)
    return new ApiError(400, problem.code, `${problem.field}: ${problem.message}`, problem.field);
  return new ApiError(409, problem.code, problem.message);
}

export function planRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function clinicOf(auth: Auth): Promise<Clinic> {
    const clinic = await findClinic(db, auth.clinicId);
    if (!clinic) throw notFound('Clinic');
    return clinic;
  }

  async function planDto(auth: Auth, plan: PlanRecord, clinic: Clinic) {
    const protocol = await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId);
    if (!protocol) throw notFound('Protocol version');
    return toPlanDto(plan, protocol, await latestSignature(db, auth.clinicId, plan.id), clinic.timeZone);
  }

  const scopedPlan = (auth: Auth, planId: string) => findScopedPlan(db, auth, planId);

  r.get(
    '/api/patients/:id/plans',
    {
      config: permission('plan.read'),
      schema: {
        tags: ['plans'],
        summary: "A patient's treatment plans with their booked sessions and consent status",
        params: z.strictObject({ id: Uuid }),
        response: { 200: z.object({ items: z.array(PlanSchema) }), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      requirePatientScope(auth, request.params.id);
      if (!(await findPatient(db, auth.clinicId, request.params.id))) throw notFound('Patient');
      const clinic = await clinicOf(auth);
      const plans = await listPlans(db, auth.clinicId, request.params.id);
      return { items: await Promise.all(plans.map((p) => planDto(auth, p, clinic))) };
    },
  );

  r.post(
    '/api/patients/:id/plans',
    {
      config: permission('plan.book'),
      schema: {
        tags: ['plans'],
        summary: 'Create a treatment plan and book its sessions (date and time in the clinic time zone)',
        params: z.strictObject({ id: Uuid }),
        body: NewPlanBody,
        response: { 201: PlanSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const patientId = request.params.id;
      const { protocolVersionId, sessions, ...choice } = request.body;
      const patient = await findPatient(db, auth.clinicId, patientId);
      if (!patient) throw notFound('Patient');
      const clinic = await clinicOf(auth);
      const protocol = await findProtocolVersion(db, auth.clinicId, protocolVersionId);
      if (!protocol)
        throw badRequest('protocolVersionId: no such protocol version in this clinic', 'protocolVersionId');
      const [intake, decision] = await Promise.all([
        latestIntake(db, auth.clinicId, patientId),
        latestDecision(db, auth.clinicId, patientId),
      ]);
      const current = decision && intake && decision.intakeId === intake.id ? decision : null;
      const startsAt = sessions.map((s) => instantOf(s.date, s.time, clinic.timeZone));
      const problems = checkBooking({
        protocol: {
          availability: protocol.content.availability,
          retired: !!protocol.retired,
          content: protocol.content,
        },
        suitability: current?.decision ?? null,
        choice,
        sessions: startsAt.map((at) => ({ startsAt: at })),
        now: new Date(),
      });
      const first = problems[0];
      if (first || !current)
        throw bookingError(first ?? { code: 'not_suitable', message: 'No suitability decision.' });
      const planId = await db.transaction().execute(async (trx) => {
        const id = await insertPlan(trx, {
          clinicId: auth.clinicId,
          patientId,
          protocolVersionId,
          choice,
          decisionId: current.id,
          userId: auth.userId,
        });
        const booked = await insertSessions(
          trx,
          { clinicId: auth.clinicId, planId: id, patientId },
          startsAt,
          auth.userId,
        );
        const sessionIds = booked.map((b) => b.id);
        await queueSessionReminders(trx, {
          clinic,
          patient,
          protocol: protocol.content,
          anesthesia: choice.anesthesia,
          medicationClasses: intake?.answers.medications.map((m) => m.class) ?? [],
          sessions: booked,
          actor: auditContext(request),
          now: new Date(),
        });
        await appendAudit(trx, auditContext(request), {
          action: 'plan.book',
          entity: 'treatment_plan',
          entityId: id,
          summary: { patientId, protocol: protocol.code, version: protocol.version, sessionIds, startsAt },
        });
        return id;
      });
      const plan = await findPlan(db, auth.clinicId, planId);
      if (!plan) throw notFound('Plan');
      return reply.code(201).send(await planDto(auth, plan, clinic));
    },
  );

  r.post(
    '/api/plans/:planId/sessions',
    {
      config: permission('plan.book'),
      schema: {
        tags: ['plans'],
        summary: 'Book another session of the course',
        params: z.strictObject({ planId: Uuid }),
        body: SessionSlot,
        response: { 201: PlanSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const plan = await scopedPlan(auth, request.params.planId);
      const clinic = await clinicOf(auth);
      const protocol = await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId);
      const patient = await findPatient(db, auth.clinicId, plan.patientId);
      if (!protocol || !patient) throw notFound('Plan');
      const [intake, decision] = await Promise.all([
        latestIntake(db, auth.clinicId, plan.patientId),
        latestDecision(db, auth.clinicId, plan.patientId),
      ]);
      const startsAt = instantOf(request.body.date, request.body.time, clinic.timeZone);
      const problems = checkBooking({
        protocol: {
          availability: protocol.content.availability,
          retired: !!protocol.retired,
          content: protocol.content,
        },
        suitability: decision && intake && decision.intakeId === intake.id ? decision.decision : null,
        choice: plan,
        sessions: [{ startsAt }],
        now: new Date(),
      }).map((p) => (p.field === 'sessions.0.date' ? { ...p, field: 'date' } : p));
      if (problems[0]) throw bookingError(problems[0]);
      await db.transaction().execute(async (trx) => {
        const booked = await insertSessions(
          trx,
          { clinicId: auth.clinicId, planId: plan.id, patientId: plan.patientId },
          [startsAt],
          auth.userId,
        );
        const id = booked[0]?.id;
        await queueSessionReminders(trx, {
          clinic,
          patient,
          protocol: protocol.content,
          anesthesia: plan.anesthesia,
          medicationClasses: intake?.answers.medications.map((m) => m.class) ?? [],
          sessions: booked,
          actor: auditContext(request),
          now: new Date(),
        });
        await appendAudit(trx, auditContext(request), {
          action: 'session.book',
          entity: 'care_session',
          entityId: id ?? null,
          summary: { planId: plan.id, startsAt },
        });
      });
      const updated = await findPlan(db, auth.clinicId, plan.id);
      if (!updated) throw notFound('Plan');
      return reply.code(201).send(await planDto(auth, updated, clinic));
    },
  );
}
