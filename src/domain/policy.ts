import type { Role } from './roles.js';

/**
 * The one place that decides who may do what. Every API route names one of these actions
 * (or `public`), and the server asks `isAllowed` before running the handler.
 */
export const ACTIONS = [
  'session.self', // read or end one's own login session
  'clinic.read',
  'patient.search',
  'patient.create',
  'patient.read',
  'patient.invite',
  'staff.list',
  'staff.invite',
  'audit.read',
  'outbox.read',
  'protocol.read',
  'protocol.edit',
  'screening.read',
  'intake.record',
  'screening.sign',
  'plan.read',
  'plan.book',
  'consent.read',
  'consent.sign',
  'consent.witness',
  'preparation.read',
  'preparation.tick',
  'preparation.verify',
  'portal.guide',
  'session.read',
  'session.run',
  'timeout.record',
  'product.record',
  'product.release',
  'product.administer',
  'product.process',
] as const;
export type Action = (typeof ACTIONS)[number];

/** A route either requires an action or is open to anyone (login, invite acceptance, health). */
export type Permission = Action | 'public';

const STAFF: readonly Role[] = ['admin', 'physician', 'nurse', 'lab_technician', 'coordinator'];
const EVERYONE: readonly Role[] = [...STAFF, 'patient'];

const GRANTS: Record<Action, readonly Role[]> = {
  'session.self': EVERYONE,
  'clinic.read': EVERYONE,
  'patient.search': STAFF,
  'patient.create': ['admin', 'physician', 'nurse', 'coordinator'],
  // A patient may read a patient record too, but only their own: see `canReadPatient`.
  'patient.read': EVERYONE,
  'patient.invite': ['admin', 'physician', 'nurse', 'coordinator'],
  'staff.list': ['admin'],
  'staff.invite': ['admin'],
  'audit.read': ['admin'],
  // Reminders waiting to go out, for the desk to phone a patient when no email server is set up.
  'outbox.read': ['admin', 'nurse', 'coordinator'],
  'protocol.read': STAFF,
  // Protocols are clinical decisions: physicians and the clinic's admin change them.
  'protocol.edit': ['admin', 'physician'],
  'screening.read': STAFF,
  'intake.record': ['admin', 'physician', 'nurse', 'coordinator'],
  // The suitability decision is a physician's, signed with their own password.
  'screening.sign': ['physician'],
  // Patients read their own plans, consent and preparation (scoped by `canReadPatient`).
  'plan.read': EVERYONE,
  'plan.book': ['admin', 'physician', 'coordinator'],
  'consent.read': EVERYONE,
  'consent.sign': ['patient'],
  'consent.witness': ['admin', 'physician', 'nurse', 'coordinator'],
  'preparation.read': EVERYONE,
  'preparation.tick': ['admin', 'physician', 'nurse', 'coordinator', 'patient'],
  'preparation.verify': ['admin', 'physician', 'nurse', 'coordinator'],
  'portal.guide': ['patient'],
  'session.read': STAFF,
  // Which step each role may take is the session state machine's to say (domain/session/state.ts).
  'session.run': ['physician', 'nurse', 'coordinator', 'lab_technician'],
  'timeout.record': ['physician', 'nurse'],
  // Harvest records and hand-off scans: the people who handle the product.
  'product.record': ['physician', 'nurse', 'lab_technician'],
  'product.release': ['lab_technician', 'physician'],
  'product.administer': ['physician'],
  // Processing in the cell lab is the lab technician's record.
  'product.process': ['lab_technician'],
};

export function isAllowed(role: Role, action: Action): boolean {
  return GRANTS[action].includes(role);
}

export interface Actor {
  role: Role;
  /** Set for patient accounts: the one patient record they are linked to. */
  patientId: string | null;
}

/**
 * Staff read any patient of their clinic (the clinic scope is applied by the query);
 * a patient reads only the record their account is linked to.
 */
export function canReadPatient(actor: Actor, patientId: string): boolean {
  if (!isAllowed(actor.role, 'patient.read')) return false;
  if (actor.role === 'patient') return actor.patientId === patientId;
  return true;
}

/** Admins invite staff of any role; nobody invites an admin-less clinic into being through an invite. */
export function rolesInvitableBy(role: Role): readonly Role[] {
  if (role === 'admin') return STAFF;
  return [];
}
