import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { LoginState } from '../domain/login-guard.js';
import type { Role } from '../domain/roles.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UserRecord {
  id: string;
  clinicId: string;
  email: string;
  displayName: string;
  role: Role;
  patientId: string | null;
  createdAt: Date;
  login: LoginState;
}

const USER_COLUMNS = [
  'id',
  'clinic_id',
  'email',
  'display_name',
  'role',
  'patient_id',
  'created_at',
  'failed_login_count',
  'last_failed_login_at',
  'locked_until',
] as const;

type UserRow = {
  id: string;
  clinic_id: string;
  email: string;
  display_name: string;
  role: Role;
  patient_id: string | null;
  created_at: Date;
  failed_login_count: number;
  last_failed_login_at: Date | null;
  locked_until: Date | null;
};

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    patientId: row.patient_id,
    createdAt: row.created_at,
    login: {
      failedCount: row.failed_login_count,
      lastFailedAt: row.last_failed_login_at,
      lockedUntil: row.locked_until,
    },
  };
}

/** Random token for cookies and invite links; only its hash is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function findUserForLogin(
  db: Db,
  email: string,
): Promise<(UserRecord & { passwordHash: string }) | null> {
  const row = await db
    .selectFrom('app_user')
    .select([...USER_COLUMNS, 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export async function emailTaken(db: Db, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export async function saveLoginState(trx: Db, userId: string, state: LoginState): Promise<void> {
  await trx
    .updateTable('app_user')
    .set({
      failed_login_count: state.failedCount,
      last_failed_login_at: state.lastFailedAt,
      locked_until: state.lockedUntil,
    })
    .where('id', '=', userId)
    .execute();
}

export interface NewUser {
  clinicId: string;
  email: string;
  displayName: string;
  role: Role;
  patientId: string | null;
  passwordHash: string;
}

export async function insertUser(trx: Db, user: NewUser): Promise<UserRecord> {
  const row = await trx
    .insertInto('app_user')
    .values({
      clinic_id: user.clinicId,
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      patient_id: user.patientId,
      password_hash: user.passwordHash,
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function listStaff(db: Db, clinicId: string): Promise<UserRecord[]> {
  const rows = await db
    .selectFrom('app_user')
    .select(USER_COLUMNS)
    .where('clinic_id', '=', clinicId)
    .where('role', '<>', 'patient')
    .orderBy('display_name')
    .execute();
  return rows.map(toUser);
}

// --- login sessions -------------------------------------------------------------------------

export async function insertSession(trx: Db, user: UserRecord, tokenHash: string, now: Date): Promise<void> {
  await trx
    .insertInto('auth_session')
    .values({ id: tokenHash, user_id: user.id, clinic_id: user.clinicId, created_at: now, last_seen_at: now })
    .execute();
}

export interface SessionRecord {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  user: UserRecord;
}

export async function findSession(db: Db, tokenHash: string): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom('auth_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.created_at as session_created_at',
      's.last_seen_at',
      ...USER_COLUMNS.map((c) => `u.${c}` as const),
    ])
    .where('s.id', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.session_id,
    createdAt: row.session_created_at,
    lastSeenAt: row.last_seen_at,
    user: toUser(row),
  };
}

export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('auth_session').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('auth_session').where('id', '=', sessionId).execute();
}

/** Removes sessions past their idle or absolute limit; returns how many. */
export async function deleteExpiredSessions(
  db: Db,
  now: Date,
  policy: { idleMinutes: number; absoluteHours: number },
): Promise<number> {
  const result = await db
    .deleteFrom('auth_session')
    .where((eb) =>
      eb.or([
        eb('last_seen_at', '<=', new Date(now.getTime() - policy.idleMinutes * 60_000)),
        eb('created_at', '<=', new Date(now.getTime() - policy.absoluteHours * 3_600_000)),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// --- invites --------------------------------------------------------------------------------

export interface InviteRecord {
  id: string;
  clinicId: string;
  email: string;
  displayName: string;
  role: Role;
  patientId: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
}

export async function insertInvite(
  trx: Db,
  invite: Omit<InviteRecord, 'id' | 'acceptedAt'> & { tokenHash: string; createdBy: string },
): Promise<InviteRecord> {
  const row = await trx
    .insertInto('invite')
    .values({
      clinic_id: invite.clinicId,
      token_hash: invite.tokenHash,
      email: invite.email,
      display_name: invite.displayName,
      role: invite.role,
      patient_id: invite.patientId,
      created_by: invite.createdBy,
      expires_at: invite.expiresAt,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return { ...invite, id: row.id, acceptedAt: null };
}

export async function findInviteByToken(
  db: Db,
  tokenHash: string,
  forUpdate = false,
): Promise<InviteRecord | null> {
  let query = db
    .selectFrom('invite')
    .select(['id', 'clinic_id', 'email', 'display_name', 'role', 'patient_id', 'expires_at', 'accepted_at'])
    .where('token_hash', '=', tokenHash);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    clinicId: row.clinic_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    patientId: row.patient_id,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
  };
}

export async function markInviteAccepted(
  trx: Db,
  inviteId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('invite')
    .set({ accepted_at: now, accepted_user_id: userId })
    .where('id', '=', inviteId)
    .execute();
}

export async function findPasswordHash(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('app_user')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}
