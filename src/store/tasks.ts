import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface TaskProgress {
  status: 'open' | 'done' | 'verified';
  doneAt: Date | null;
  verifiedAt: Date | null;
  verifiedBy: string | null;
}

export interface TaskFileRecord {
  id: string;
  taskCode: string;
  filename: string;
  mediaType: string;
  size: number;
  uploadedAt: Date;
}

export async function insertTaskEvent(
  trx: Transaction<Database>,
  e: {
    clinicId: string;
    sessionId: string;
    taskCode: string;
    action: 'done' | 'reopened' | 'verified';
    userId: string;
  },
): Promise<void> {
  await trx
    .insertInto('task_event')
    .values({
      clinic_id: e.clinicId,
      session_id: e.sessionId,
      task_code: e.taskCode,
      action: e.action,
      actor_user_id: e.userId,
    })
    .execute();
}

/** Each task's status, replayed from its events in order (a tick, an untick, a verification). */
export async function taskProgress(
  db: Db,
  clinicId: string,
  sessionId: string,
): Promise<Map<string, TaskProgress>> {
  const events = await db
    .selectFrom('task_event as e')
    .innerJoin('app_user as u', 'u.id', 'e.actor_user_id')
    .select(['e.task_code', 'e.action', 'e.at', 'u.display_name'])
    .where('e.clinic_id', '=', clinicId)
    .where('e.session_id', '=', sessionId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  const progress = new Map<string, TaskProgress>();
  for (const e of events) {
    const p = progress.get(e.task_code) ?? {
      status: 'open',
      doneAt: null,
      verifiedAt: null,
      verifiedBy: null,
    };
    if (e.action === 'done')
      progress.set(e.task_code, { ...p, status: p.verifiedAt ? 'verified' : 'done', doneAt: e.at });
    if (e.action === 'reopened')
      progress.set(e.task_code, { status: 'open', doneAt: null, verifiedAt: null, verifiedBy: null });
    if (e.action === 'verified')
      progress.set(e.task_code, { ...p, status: 'verified', verifiedAt: e.at, verifiedBy: e.display_name });
  }
  return progress;
}

export async function insertTaskFile(
  trx: Transaction<Database>,
  f: {
    clinicId: string;
    sessionId: string;
    taskCode: string;
    filename: string;
    mediaType: string;
    data: Buffer;
    sha256: string;
    userId: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('task_file')
    .values({
      clinic_id: f.clinicId,
      session_id: f.sessionId,
      task_code: f.taskCode,
      filename: f.filename,
      media_type: f.mediaType,
      size: f.data.length,
      sha256: f.sha256,
      data: f.data,
      uploaded_by: f.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function taskFiles(db: Db, clinicId: string, sessionId: string): Promise<TaskFileRecord[]> {
  const rows = await db
    .selectFrom('task_file')
    .select(['id', 'task_code', 'filename', 'media_type', 'size', 'uploaded_at'])
    .where('clinic_id', '=', clinicId)
    .where('session_id', '=', sessionId)
    .orderBy('uploaded_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    taskCode: r.task_code,
    filename: r.filename,
    mediaType: r.media_type,
    size: r.size,
    uploadedAt: r.uploaded_at,
  }));
}

export async function findTaskFile(db: Db, clinicId: string, fileId: string) {
  return db
    .selectFrom('task_file as f')
    .innerJoin('care_session as s', 's.id', 'f.session_id')
    .select(['f.id', 'f.filename', 'f.media_type', 'f.data', 's.patient_id'])
    .where('f.clinic_id', '=', clinicId)
    .where('f.id', '=', fileId)
    .executeTakeFirst();
}
