import { describe, expect, it } from 'vitest';
import { ACTIONS, canReadPatient, isAllowed } from './policy.js';
import { ROLES } from './roles.js';

describe('policy', () => {
  it('gives patients nothing beyond their own session, clinic and record', () => {
    const allowed = ACTIONS.filter((action) => isAllowed('patient', action));
    expect(allowed.sort()).toEqual([
      'clinic.read',
      'consent.read',
      'consent.sign',
      'patient.read',
      'plan.read',
      'portal.guide',
      'preparation.read',
      'preparation.tick',
      'session.self',
    ]);
  });

  it('keeps staff administration with admins', () => {
    for (const role of ROLES) {
      expect(isAllowed(role, 'staff.invite')).toBe(role === 'admin');
      expect(isAllowed(role, 'audit.read')).toBe(role === 'admin');
    }
  });

  it('keeps the suitability signature with physicians and consent signing with patients', () => {
    for (const role of ROLES) {
      expect(isAllowed(role, 'screening.sign')).toBe(role === 'physician');
      expect(isAllowed(role, 'consent.sign')).toBe(role === 'patient');
    }
  });

  it('lets lab technicians search but not register patients', () => {
    expect(isAllowed('lab_technician', 'patient.search')).toBe(true);
    expect(isAllowed('lab_technician', 'patient.create')).toBe(false);
  });

  it('lets a patient read only the record linked to their account', () => {
    expect(canReadPatient({ role: 'patient', patientId: 'p1' }, 'p1')).toBe(true);
    expect(canReadPatient({ role: 'patient', patientId: 'p1' }, 'p2')).toBe(false);
    expect(canReadPatient({ role: 'nurse', patientId: null }, 'p2')).toBe(true);
  });
});
