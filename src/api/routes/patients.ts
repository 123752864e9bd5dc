import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ARABIC_NAME,
  type BirthDateProblem,
  birthDateProblem,
  EARLIEST_BIRTH_DATE,
  LATIN_NAME,
  missingNameField,
  NAME_MAX_LENGTH,
  PHONE_DIGITS,
  patientName,
  phoneProblem,
  SEXES,
} from '../../domain/patient-rules.js';
import { canReadPatient } from '../../domain/policy.js';
import { LANGUAGES } from '../../domain/roles.js';
import { emailTaken, insertInvite, newToken } from '../../store/accounts.js';
import { appendAudit } from '../../store/audit.js';
import { findPatient, insertPatient, mrnTaken, searchPatients } from '../../store/patients.js';
import { auditContext, permission, requireAuth } from '../auth.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { Email, ErrorSchema, InviteSchema, PatientSchema, toPatientDto, Uuid } from '../schemas.js';
import type { AppContext } from './context.js';

const name = (pattern: RegExp, script: string) =>
  z
    .string()
    .trim()
    .min(1, { message: 'is required' })
    .max(NAME_MAX_LENGTH, { message: `must be at most ${NAME_MAX_LENGTH} characters` })
    .regex(pattern, { message: `must be written in ${script} letters` })
    .nullish();

const BIRTH_DATE_MESSAGES: Record<BirthDateProblem, string> = {
  invalid: 'must be a real date as YYYY-MM-DD',
  future: 'cannot be in the future',
  too_old: `must be on or after ${EARLIEST_BIRTH_DATE}`,
};

const DateOfBirth = z.string().superRefine((date, ctx) => {
  // Latest time zone on Earth (UTC+14): a birth "today" anywhere is never refused as future.
  const today = new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
  const problem = birthDateProblem(date, today);
  if (problem) ctx.addIssue({ code: 'custom', message: BIRTH_DATE_MESSAGES[problem] });
});

const Phone = z
  .string()
  .trim()
  .max(30)
  .superRefine((phone, ctx) => {
    const problem = phoneProblem(phone);
    if (problem === 'characters')
      ctx.addIssue({ code: 'custom', message: 'may hold only digits, spaces, + ( ) and -' });
    if (problem === 'digit_count') {
      ctx.addIssue({
        code: 'custom',
        message: `must have ${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits`,
      });
    }
  });

const NewPatientBody = z
  .strictObject({
    mrn: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9-]+$/, { message: 'may hold only letters, digits and -' })
      .optional(),
    givenName: name(LATIN_NAME, 'Latin'),
    familyName: name(LATIN_NAME, 'Latin'),
    givenNameAr: name(ARABIC_NAME, 'Arabic'),
    familyNameAr: name(ARABIC_NAME, 'Arabic'),
    dateOfBirth: DateOfBirth,
    sex: z.enum(SEXES),
    phone: Phone.nullish(),
    email: Email.nullish(),
    preferredLanguage: z.enum(LANGUAGES),
  })
  .superRefine((patient, ctx) => {
    const field = missingNameField(patient);
    if (field) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: 'a full name (given and family) in Latin or Arabic letters is required',
      });
    }
  });

const ListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const IdParams = z.strictObject({ id: Uuid });

export function patientRoutes(app: FastifyInstance, { db, config }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/patients',
    {
      config: permission('patient.search'),
      schema: {
        tags: ['patients'],
        summary: 'Search patients by name (Latin or Arabic), MRN or phone; newest first',
        querystring: ListQuery,
        response: {
          200: z.object({
            items: z.array(PatientSchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
          400: ErrorSchema,
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { q, page, pageSize } = request.query;
      const result = await searchPatients(db, auth.clinicId, { q, page, pageSize });
      await db.transaction().execute((trx) =>
        appendAudit(trx, auditContext(request), {
          action: 'patient.search',
          entity: 'patient',
          entityId: null,
          summary: { q: q ?? null, page, results: result.items.length },
        }),
      );
      return { items: result.items.map(toPatientDto), total: result.total, page, pageSize };
    },
  );

  r.post(
    '/api/patients',
    {
      config: permission('patient.create'),
      schema: {
        tags: ['patients'],
        summary: 'Register a patient',
        body: NewPatientBody,
        response: { 201: PatientSchema, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const body = request.body;
      const patient = await db.transaction().execute(async (trx) => {
        if (body.mrn && (await mrnTaken(trx, auth.clinicId, body.mrn))) {
          throw conflict(`MRN ${body.mrn} belongs to another patient of this clinic.`, 'mrn');
        }
        const created = await insertPatient(trx, auth.clinicId, body, auth.userId);
        await appendAudit(trx, auditContext(request), {
          action: 'patient.create',
          entity: 'patient',
          entityId: created.id,
          summary: { mrn: created.mrn },
        });
        return created;
      });
      return reply.code(201).send(toPatientDto(patient));
    },
  );

  r.get(
    '/api/patients/:id',
    {
      config: permission('patient.read'),
      schema: {
        tags: ['patients'],
        summary: "One patient's record (a patient account reaches only its own)",
        params: IdParams,
        response: { 200: PatientSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { id } = request.params;
      // Another patient's record answers exactly as a record that does not exist.
      if (!canReadPatient(auth, id)) throw notFound('Patient');
      const patient = await findPatient(db, auth.clinicId, id);
      if (!patient) throw notFound('Patient');
      if (auth.role !== 'patient') {
        await db.transaction().execute((trx) =>
          appendAudit(trx, auditContext(request), {
            action: 'patient.read',
            entity: 'patient',
            entityId: id,
            summary: {},
          }),
        );
      }
      return toPatientDto(patient);
    },
  );

  r.post(
    '/api/patients/:id/invite',
    {
      config: permission('patient.invite'),
      schema: {
        tags: ['patients'],
        summary: 'Invite a patient to the portal with a one-time link',
        params: IdParams,
        body: z.strictObject({ email: Email.optional() }).optional(),
        response: { 201: InviteSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const patient = await findPatient(db, auth.clinicId, request.params.id);
      if (!patient) throw notFound('Patient');
      if (patient.hasPortalAccount) throw conflict('This patient already has a portal account.');
      const email = request.body?.email ?? patient.email;
      if (!email) throw badRequest('email: the patient has no email on file; give one', 'email');
      if (await emailTaken(db, email)) throw conflict('An account with this email exists already.', 'email');
      const { token, hash } = newToken();
      const expiresAt = new Date(Date.now() + config.inviteHours * 3_600_000);
      const displayName = patientName(patient, 'en');
      await db.transaction().execute(async (trx) => {
        const invite = await insertInvite(trx, {
          clinicId: auth.clinicId,
          tokenHash: hash,
          email,
          displayName,
          role: 'patient',
          patientId: patient.id,
          expiresAt,
          createdBy: auth.userId,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'invite.create',
          entity: 'invite',
          entityId: invite.id,
          summary: { role: 'patient', patientId: patient.id, expiresAt: expiresAt.toISOString() },
        });
      });
      return reply.code(201).send({
        token,
        inviteUrl: `/invite/${token}`,
        email,
        role: 'patient' as const,
        expiresAt: expiresAt.toISOString(),
      });
    },
  );
}
