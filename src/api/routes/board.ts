import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addDays, instantOf, localDate } from '../../domain/clinic-time.js';
import { patientName } from '../../domain/patient-rules.js';
import { Text } from '../../domain/protocol/schema.js';
import { overrunMinutes, runningStep } from '../../domain/session/durations.js';
import { findClinic } from '../../store/clinics.js';
import { findProtocolVersion } from '../../store/protocols.js';
import { permission, requireAuth } from '../auth.js';
import { notFound } from '../errors.js';
import { ErrorSchema } from '../schemas.js';
import type { AppContext } from './context.js';

const BoardSchema = z.object({
  date: z.string(),
  sessions: z.array(
    z.object({
      sessionId: z.string(),
      patientId: z.string(),
      patientName: z.string(),
      mrn: z.string(),
      protocolTitle: Text,
      startsAt: z.string(),
      state: z.string(),
      stateSince: z.string().nullable(),
      minutesInState: z.number(),
      step: z.object({ kind: z.string(), maxMinutes: z.number(), overrunMinutes: z.number() }).nullable(),
    }),
  ),
});

export function boardRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/board',
    {
      config: permission('session.read'),
      schema: {
        tags: ['session day'],
        summary: "The clinic board: a day's sessions with their state, time in state and overruns (poll it)",
        querystring: z.strictObject({
          date: z.iso.date({ message: 'must be a date as YYYY-MM-DD' }).optional(),
        }),
        response: { 200: BoardSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const clinic = await findClinic(db, auth.clinicId);
      if (!clinic) throw notFound('Clinic');
      const now = new Date();
      const date = request.query.date ?? localDate(now, clinic.timeZone);
      const rows = await db
        .selectFrom('care_session as s')
        .innerJoin('treatment_plan as t', 't.id', 's.plan_id')
        .innerJoin('patient as p', 'p.id', 's.patient_id')
        .select([
          's.id',
          's.starts_at',
          's.patient_id',
          't.protocol_version_id',
          'p.mrn',
          'p.given_name',
          'p.family_name',
          'p.given_name_ar',
          'p.family_name_ar',
        ])
        .where('s.clinic_id', '=', auth.clinicId)
        .where('s.starts_at', '>=', instantOf(date, '00:00', clinic.timeZone))
        .where('s.starts_at', '<', instantOf(addDays(date, 1), '00:00', clinic.timeZone))
        .orderBy('s.starts_at')
        .execute();
      const sessions = [];
      for (const row of rows) {
        const last = await db
          .selectFrom('session_transition')
          .select(['to_state', 'at'])
          .where('clinic_id', '=', auth.clinicId)
          .where('session_id', '=', row.id)
          .orderBy('seq', 'desc')
          .executeTakeFirst();
        const protocol = await findProtocolVersion(db, auth.clinicId, row.protocol_version_id);
        const state = last?.to_state ?? 'booked';
        const kind = runningStep(state);
        const step = kind ? protocol?.content.steps.find((x) => x.kind === kind) : undefined;
        sessions.push({
          sessionId: row.id,
          patientId: row.patient_id,
          patientName: patientName(
            {
              givenName: row.given_name,
              familyName: row.family_name,
              givenNameAr: row.given_name_ar,
              familyNameAr: row.family_name_ar,
            },
            'en',
          ),
          mrn: row.mrn,
          protocolTitle: protocol?.content.title ?? { en: '', ar: '' },
          startsAt: row.starts_at.toISOString(),
          state,
          stateSince: last?.at.toISOString() ?? null,
          minutesInState: last ? Math.floor((now.getTime() - last.at.getTime()) / 60_000) : 0,
          step:
            step && last
              ? {
                  kind: step.kind,
                  maxMinutes: step.maxMinutes,
                  overrunMinutes: overrunMinutes(last.at, step.maxMinutes, now),
                }
              : null,
        });
      }
      return { date, sessions };
    },
  );
}
