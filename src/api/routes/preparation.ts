import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildCalendar } from '../../domain/calendar.js';
import { appendAudit } from '../../store/audit.js';
import { findClinic } from '../../store/clinics.js';
import { findPatient } from '../../store/patients.js';
import { findPlan, findSession } from '../../store/plans.js';
import { findProtocolVersion } from '../../store/protocols.js';
import { findTaskFile, insertTaskEvent, insertTaskFile, taskFiles, taskProgress } from '../../store/tasks.js';
import { type Auth, auditContext, permission, requireAuth } from '../auth.js';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../errors.js';
import {
  PreparationSchema,
  PrepTaskSchema,
  plannedTasks,
  preparationView,
  type SessionContext,
  toPrepTask,
} from '../preparation-view.js';
import { ErrorSchema, Uuid } from '../schemas.js';
import { requirePatientScope } from '../scope.js';
import type { AppContext } from './context.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Accepted uploads, recognised by their first bytes, not by the name or type the browser claims. */
const SIGNATURES: ReadonlyArray<{ mediaType: string; magic: number[] }> = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

function sniff(data: Buffer): string | null {
  return SIGNATURES.find((s) => s.magic.every((byte, i) => data[i] === byte))?.mediaType ?? null;
}

const TaskParams = z.strictObject({
  sessionId: Uuid,
  code: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'must be a task code' }),
});

export function preparationRoutes(app: FastifyInstance, { db }: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The session with its plan, protocol and clinic; a patient reaches only their own. */
  async function sessionContext(auth: Auth, sessionId: string): Promise<SessionContext> {
    const session = await findSession(db, auth.clinicId, sessionId);
    if (!session) throw notFound('Session');
    requirePatientScope(auth, session.patientId, 'Session');
    const [plan, clinic] = await Promise.all([
      findPlan(db, auth.clinicId, session.planId),
      findClinic(db, auth.clinicId),
    ]);
    const protocol = plan ? await findProtocolVersion(db, auth.clinicId, plan.protocolVersionId) : null;
    if (!plan || !clinic || !protocol) throw notFound('Session');
    return { clinic, plan, session, protocol };
  }

  async function oneTask(ctx: SessionContext, code: string) {
    const task = (await plannedTasks(db, ctx)).find((t) => t.code === code);
    if (!task) throw notFound('Preparation task');
    return task;
  }

  async function taskDto(ctx: SessionContext, code: string) {
    const [task, progress, files] = await Promise.all([
      oneTask(ctx, code),
      taskProgress(db, ctx.clinic.id, ctx.session.id),
      taskFiles(db, ctx.clinic.id, ctx.session.id),
    ]);
    return toPrepTask(task, progress.get(code), files);
  }

  r.get(
    '/api/sessions/:sessionId/preparation',
    {
      config: permission('preparation.read'),
      schema: {
        tags: ['preparation'],
        summary: "The patient's personal preparation plan for one session, with each task's status",
        params: z.strictObject({ sessionId: Uuid }),
        response: { 200: PreparationSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) =>
      preparationView(db, await sessionContext(requireAuth(request), request.params.sessionId)),
  );

  r.post(
    '/api/sessions/:sessionId/tasks/:code/status',
    {
      config: permission('preparation.tick'),
      schema: {
        tags: ['preparation'],
        summary: 'Tick a task done (or open it again)',
        params: TaskParams,
        body: z.strictObject({ done: z.boolean() }),
        response: { 201: PrepTaskSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await sessionContext(auth, request.params.sessionId);
      const task = await oneTask(ctx, request.params.code);
      // A prescriber's decision is recorded by staff, never ticked off by the patient.
      if (auth.role === 'patient' && task.owner !== 'patient')
        throw forbidden('Your care team records this task.');
      await db.transaction().execute(async (trx) => {
        await insertTaskEvent(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          taskCode: task.code,
          action: request.body.done ? 'done' : 'reopened',
          userId: auth.userId,
        });
        await appendAudit(trx, auditContext(request), {
          action: request.body.done ? 'task.done' : 'task.reopen',
          entity: 'care_session',
          entityId: ctx.session.id,
          summary: { task: task.code },
        });
      });
      return reply.code(201).send(await taskDto(ctx, task.code));
    },
  );

  r.post(
    '/api/sessions/:sessionId/tasks/:code/verify',
    {
      config: permission('preparation.verify'),
      schema: {
        tags: ['preparation'],
        summary: 'Staff verify a task on or before the day (e.g. NSAIDs stopped, fasting kept)',
        params: TaskParams,
        body: z.strictObject({}).optional(),
        response: { 201: PrepTaskSchema, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await sessionContext(auth, request.params.sessionId);
      const current = await taskDto(ctx, request.params.code);
      if (current.status === 'verified') throw conflict('This task is verified already.');
      await db.transaction().execute(async (trx) => {
        await insertTaskEvent(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          taskCode: current.code,
          action: 'verified',
          userId: auth.userId,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'task.verify',
          entity: 'care_session',
          entityId: ctx.session.id,
          summary: { task: current.code },
        });
      });
      return reply.code(201).send(await taskDto(ctx, current.code));
    },
  );

  r.post(
    '/api/sessions/:sessionId/tasks/:code/files',
    {
      config: permission('preparation.tick'),
      bodyLimit: MAX_UPLOAD_BYTES + 64 * 1024,
      schema: {
        tags: ['preparation'],
        summary:
          'Upload an imaging report or image for a task (multipart field "file"; PDF, PNG or JPEG; at most 10 MB)',
        params: TaskParams,
        consumes: ['multipart/form-data'],
        response: {
          201: PrepTaskSchema,
          400: ErrorSchema,
          404: ErrorSchema,
          413: ErrorSchema,
          415: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await sessionContext(auth, request.params.sessionId);
      const task = await oneTask(ctx, request.params.code);
      if (!task.requiresUpload) throw badRequest('This task takes no upload.');
      const part = await request.file();
      if (part?.fieldname !== 'file')
        throw badRequest('file: send one file in the form field "file"', 'file');
      const data = await part.toBuffer();
      if (part.file.truncated) throw new ApiError(413, 'too_large', 'file: at most 10 MB', 'file');
      const mediaType = sniff(data);
      if (!mediaType)
        throw new ApiError(415, 'unsupported_media_type', 'file: send a PDF, PNG or JPEG file', 'file');
      const filename = part.filename.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200) || 'upload';
      await db.transaction().execute(async (trx) => {
        const id = await insertTaskFile(trx, {
          clinicId: auth.clinicId,
          sessionId: ctx.session.id,
          taskCode: task.code,
          filename,
          mediaType,
          data,
          sha256: createHash('sha256').update(data).digest('hex'),
          userId: auth.userId,
        });
        await appendAudit(trx, auditContext(request), {
          action: 'task.upload',
          entity: 'task_file',
          entityId: id,
          summary: { sessionId: ctx.session.id, task: task.code, mediaType, size: data.length },
        });
      });
      return reply.code(201).send(await taskDto(ctx, task.code));
    },
  );

  r.get(
    '/api/files/:fileId',
    {
      config: permission('preparation.read'),
      schema: {
        tags: ['preparation'],
        summary: 'Download an uploaded file',
        params: z.strictObject({ fileId: Uuid }),
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const file = await findTaskFile(db, auth.clinicId, request.params.fileId);
      if (!file) throw notFound('File');
      requirePatientScope(auth, file.patient_id, 'File');
      return reply
        .type(file.media_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .send(file.data);
    },
  );

  r.get(
    '/api/sessions/:sessionId/calendar.ics',
    {
      config: permission('preparation.read'),
      schema: {
        tags: ['preparation'],
        summary: 'The appointment and its preparation tasks as a calendar file (.ics) for calendar apps',
        params: z.strictObject({ sessionId: Uuid }),
        querystring: z.strictObject({ lang: z.enum(['en', 'ar']).optional() }),
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ctx = await sessionContext(auth, request.params.sessionId);
      const patient = await findPatient(db, auth.clinicId, ctx.plan.patientId);
      const lang = request.query.lang ?? patient?.preferredLanguage ?? ctx.clinic.defaultLanguage;
      const content = ctx.protocol.content;
      const tasks = await plannedTasks(db, ctx);
      const calendar = buildCalendar({
        calendarName: `CellPath — ${ctx.clinic.name}`,
        clinicName: ctx.clinic.name,
        timeZone: ctx.clinic.timeZone,
        language: lang,
        generatedAt: new Date(),
        appointment: {
          uid: `session-${ctx.session.id}@cellpath`,
          start: ctx.session.startsAt,
          // Book the longest the protocol's steps can take, so the calendar never runs short.
          durationMinutes: content.steps.reduce((sum, step) => sum + step.maxMinutes, 0),
          title: `${content.title[lang]} — ${ctx.clinic.name}`,
          description: content.summary[lang],
        },
        tasks: tasks.map((t) => ({
          uid: `task-${ctx.session.id}-${t.code}@cellpath`,
          title: t.title[lang],
          description: `${t.purpose[lang]}\n\n${t.instructions[lang]}`,
          ...(t.due.kind === 'date' ? { startsOn: t.due.date } : { startsAt: t.due.at }),
        })),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="cellpath-session-${ctx.session.sequence}.ics"`)
        .send(calendar);
    },
  );
}
