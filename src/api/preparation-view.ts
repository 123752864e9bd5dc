import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type PlannedTask, planPreparation } from '../domain/preparation/plan.js';
import { Text } from '../domain/protocol/schema.js';
import type { Clinic } from '../store/clinics.js';
import type { PlanRecord, SessionRecord } from '../store/plans.js';
import type { ProtocolVersionRecord } from '../store/protocols.js';
import type { Database } from '../store/schema.js';
import { latestIntake } from '../store/screening.js';
import { type TaskFileRecord, type TaskProgress, taskFiles, taskProgress } from '../store/tasks.js';

export const PrepTaskSchema = z.object({
  code: z.string(),
  owner: z.enum(['patient', 'clinic', 'prescriber']),
  title: Text,
  purpose: Text,
  instructions: Text,
  due: z.union([
    z.object({ kind: z.literal('date'), date: z.string() }),
    z.object({ kind: z.literal('instant'), at: z.string() }),
  ]),
  until: z.string().nullable(),
  requiresUpload: z.boolean(),
  status: z.enum(['open', 'done', 'verified']),
  doneAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  files: z.array(
    z.object({
      id: z.string(),
      filename: z.string(),
      mediaType: z.string(),
      size: z.number(),
      uploadedAt: z.string(),
    }),
  ),
});
export type PrepTaskDto = z.infer<typeof PrepTaskSchema>;

export const PreparationSchema = z.object({
  sessionId: z.string(),
  startsAt: z.string(),
  timeZone: z.string(),
  tasks: z.array(PrepTaskSchema),
});

export interface SessionContext {
  clinic: Clinic;
  plan: PlanRecord;
  session: SessionRecord;
  protocol: ProtocolVersionRecord;
}

/** The session's planned tasks: the pure plan from protocol, date, anesthesia and medications. */
export async function plannedTasks(db: Kysely<Database>, ctx: SessionContext): Promise<PlannedTask[]> {
  const intake = await latestIntake(db, ctx.clinic.id, ctx.plan.patientId);
  return planPreparation({
    tasks: ctx.protocol.content.preparationTasks,
    sessionStart: ctx.session.startsAt,
    timeZone: ctx.clinic.timeZone,
    anesthesia: ctx.plan.anesthesia,
    medicationClasses: intake?.answers.medications.map((m) => m.class) ?? [],
  });
}

export function toPrepTask(
  task: PlannedTask,
  progress: TaskProgress | undefined,
  files: TaskFileRecord[],
): PrepTaskDto {
  return {
    code: task.code,
    owner: task.owner,
    title: task.title,
    purpose: task.purpose,
    instructions: task.instructions,
    due: task.due.kind === 'date' ? task.due : { kind: 'instant', at: task.due.at.toISOString() },
    until: task.until,
    requiresUpload: task.requiresUpload,
    status: progress?.status ?? 'open',
    doneAt: progress?.doneAt?.toISOString() ?? null,
    verifiedAt: progress?.verifiedAt?.toISOString() ?? null,
    verifiedBy: progress?.verifiedBy ?? null,
    files: files
      .filter((f) => f.taskCode === task.code)
      .map((f) => ({
        id: f.id,
        filename: f.filename,
        mediaType: f.mediaType,
        size: f.size,
        uploadedAt: f.uploadedAt.toISOString(),
      })),
  };
}

export async function preparationView(
  db: Kysely<Database>,
  ctx: SessionContext,
): Promise<z.infer<typeof PreparationSchema>> {
  const [tasks, progress, files] = await Promise.all([
    plannedTasks(db, ctx),
    taskProgress(db, ctx.clinic.id, ctx.session.id),
    taskFiles(db, ctx.clinic.id, ctx.session.id),
  ]);
  return {
    sessionId: ctx.session.id,
    startsAt: ctx.session.startsAt.toISOString(),
    timeZone: ctx.clinic.timeZone,
    tasks: tasks.map((t) => toPrepTask(t, progress.get(t.code), files)),
  };
}
