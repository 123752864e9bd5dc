import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localDate } from '../../domain/clinic-time.js';
import { planPreparation } from '../../domain/preparation/plan.js';
import { buildTimeline } from '../../domain/preparation/timeline.js';
import { ProtocolContent, Text } from '../../domain/protocol/schema.js';
import { findClinic } from '../../store/clinics.js';
import { latestSignature } from '../../store/consents.js';
import { findPatient } from '../../store/patients.js';
import { listPlans } from '../../store/plans.js';
import { findProtocolVersion } from '../../store/protocols.js';
import { latestIntake } from '../../store/screening.js';
import { permission, requireAuth } from '../auth.js';
import { PlanSchema, toPlanDto } from '../care-dto.js';
import { notFound } from '../errors.js';
import { PreparationSchema, preparationView } from '../preparation-view.js';
import { ErrorSchema, PatientSchema, toPatientDto } from '../schemas.js';
import type { AppContext } from './context.js';

const GuideSchema = z.object({
  patient: PatientSchema,
  plans: z.array(
    PlanSchema.extend({ protocolContent: ProtocolContent, preparation: z.array(PreparationSchema) }),
  ),
  timeline: z.array(
    z.object({
      kind: z.enum(['task', 'session', 'follow_up']),
      date: z.string(),
      at: z.string().nullable(),
      title: Text,
      sessionId: z.string().nullable(),
      taskCode: z.string().nullable(),
    }),
  ),
});

export function portalRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/portal/guide',
    {
      config: permission('portal.guide'),
      schema: {
        tags: ['portal'],
        summary:
          "The patient's own 'what to expect' guide: plans, preparation, and the dated path to 12 months",
        response: { 200: GuideSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const patientId = auth.patientId;
      const [patient, clinic] = await Promise.all([
        patientId ? findPatient(db, auth.clinicId, patientId) : null,
        findClinic(db, auth.clinicId),
      ]);
      if (!patient || !clinic) throw notFound('Patient');
      const intake = await latestIntake(db, auth.clinicId, patient.id);
      const medicationClasses = intake?.answers.medications.map((m) => m.class) ?? [];
      const today = localDate(new Date(), clinic.timeZone);
      const plans = [];
      const timeline = [];
      for (const plan of await listPlans(db, auth.clinicId, patient.id)) {
        const protocol = await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId);
        if (!protocol) continue;
        const preparation = [];
        for (const session of plan.sessions) {
          preparation.push(await preparationView(db, { clinic, plan, session, protocol }));
        }
        const sessions = plan.sessions.map((s) => ({
          ...s,
          tasks: planPreparation({
            tasks: protocol.content.preparationTasks,
            sessionStart: s.startsAt,
            timeZone: clinic.timeZone,
            anesthesia: plan.anesthesia,
            medicationClasses,
          }),
        }));
        timeline.push(...buildTimeline(protocol.content, sessions, clinic.timeZone, today));
        const signature = await latestSignature(db, auth.clinicId, plan.id);
        plans.push({
          ...toPlanDto(plan, protocol, signature, clinic.timeZone),
          protocolContent: protocol.content,
          preparation,
        });
      }
      timeline.sort((a, b) =>
        `${a.date}${a.at?.toISOString() ?? ''}`.localeCompare(`${b.date}${b.at?.toISOString() ?? ''}`),
      );
      return {
        patient: toPatientDto(patient),
        plans,
        timeline: timeline.map((i) => ({ ...i, at: i.at?.toISOString() ?? null })),
      };
    },
  );
}
