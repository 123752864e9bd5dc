import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../domain/password.js';
import { SEXES } from '../domain/patient-rules.js';
import { LANGUAGES, ROLES, STAFF_ROLES } from '../domain/roles.js';
import type { UserRecord } from '../store/accounts.js';
import type { Clinic } from '../store/clinics.js';
import type { Patient } from '../store/patients.js';

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
  .describe('Every error has this shape; `field` names the input at fault.');

export const Uuid = z.uuid({ message: 'must be a UUID' });
export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));
export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH, { message: `must be at most ${MAX_PASSWORD_LENGTH} characters` });

export const ClinicSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  defaultLanguage: z.enum(LANGUAGES),
  facilityCode: z.string(),
});

export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  patientId: z.string().nullable(),
  clinic: ClinicSchema,
});
export const UserEnvelope = z.object({ user: MeSchema });

export function toMe(
  user: Pick<UserRecord, 'id' | 'email' | 'displayName' | 'role' | 'patientId'>,
  clinic: Clinic,
) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    patientId: user.patientId,
    clinic,
  };
}

export const PatientSchema = z.object({
  id: z.string(),
  mrn: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  givenNameAr: z.string().nullable(),
  familyNameAr: z.string().nullable(),
  dateOfBirth: z.string().describe('YYYY-MM-DD'),
  sex: z.enum(SEXES),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  preferredLanguage: z.enum(LANGUAGES),
  createdAt: z.string().describe('ISO 8601'),
  hasPortalAccount: z.boolean(),
});

export function toPatientDto(p: Patient): z.infer<typeof PatientSchema> {
  return { ...p, createdAt: p.createdAt.toISOString() };
}

export const InviteSchema = z.object({
  token: z.string(),
  inviteUrl: z.string().describe('Path of the page where the invitee sets a password'),
  email: z.string(),
  role: z.enum(ROLES),
  expiresAt: z.string(),
});

export const StaffUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
  createdAt: z.string(),
  lockedUntil: z.string().nullable(),
});
