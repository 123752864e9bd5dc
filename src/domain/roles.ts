/** The people who use CellPath. Staff roles follow how a regenerative-medicine clinic divides its work. */
export const STAFF_ROLES = ['admin', 'physician', 'nurse', 'lab_technician', 'coordinator'] as const;
export const ROLES = [...STAFF_ROLES, 'patient'] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const LANGUAGES = ['en', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isStaffRole(role: Role): role is StaffRole {
  return role !== 'patient';
}
