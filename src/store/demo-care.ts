import type { Transaction } from 'kysely';
import { addDays, instantOf, localDate } from '../domain/clinic-time.js';
import { Intake } from '../domain/screening/intake.js';
import { overallSeverity, screen } from '../domain/screening/rules.js';
import { type AuditContext, appendAudit } from './audit.js';
import type { Clinic } from './clinics.js';
import { loadScreeningRules } from './content.js';
import type { Patient } from './patients.js';
import { insertPlan, insertSessions } from './plans.js';
import { listLatestProtocols } from './protocols.js';
import { queueSessionReminders } from './reminders.js';
import type { Database } from './schema.js';
import { insertDecision, insertIntake } from './screening.js';

/**
 * The demo patient's path so far, so that a first look at the portal shows a real guide: a
 * medical history (ibuprofen for knee pain), a physician's signed decision, and a knee session
 * with bone-marrow cells three weeks from today. Consent is left for the patient to sign.
 */
export async function seedDemoCare(
  trx: Transaction<Database>,
  demo: {
    clinic: Clinic;
    patient: Patient;
    nurseId: string;
    physicianId: string;
    coordinatorId: string;
    now: Date;
  },
): Promise<void> {
  const { clinic, patient, now } = demo;
  const audit = (userId: string, role: string): AuditContext => ({
    clinicId: clinic.id,
    userId,
    role,
    requestId: null,
  });
  const intake = Intake.parse({
    medications: [{ name: 'Ibuprofen', class: 'nsaid', dose: '400 mg when the knee hurts' }],
    allergyLocalAnesthetic: false,
    smoking: 'never',
    alcohol: 'none',
    pregnant: false,
    breastfeeding: false,
    activeInfection: false,
    recentFever: false,
    cancer: 'none',
    bleedingDisorder: false,
    haemodynamicInstability: false,
    diabetes: 'controlled',
    rheumaticDisease: false,
    otherConditions: 'Osteoarthritis of the left knee (Kellgren-Lawrence grade 2)',
  });
  const intakeId = await insertIntake(trx, clinic.id, patient.id, intake, demo.nurseId);
  await appendAudit(trx, audit(demo.nurseId, 'nurse'), {
    action: 'intake.record',
    entity: 'intake',
    entityId: intakeId,
    summary: { demo: true },
  });
  const rules = loadScreeningRules();
  const findings = screen(intake, rules, localDate(now, clinic.timeZone));
  const decisionId = await insertDecision(trx, {
    clinicId: clinic.id,
    patientId: patient.id,
    intakeId,
    findings,
    rulesVersion: rules.version,
    decision: 'suitable',
    overrideReason: null,
    signedBy: demo.physicianId,
    meaning: 'I reviewed the medical history and screening findings and decide on suitability',
  });
  await appendAudit(trx, audit(demo.physicianId, 'physician'), {
    action: 'screening.sign',
    entity: 'suitability_decision',
    entityId: decisionId,
    summary: { decision: 'suitable', overall: overallSeverity(findings), demo: true },
  });
  const knee = (await listLatestProtocols(trx, clinic.id)).find((p) => p.code === 'knee_oa_bmac');
  if (!knee) return;
  const choice = {
    conditionCode: knee.content.conditions[0]?.code ?? '',
    targetSite: 'knee',
    laterality: 'left' as const,
    harvestSite: knee.content.harvestSites[0]?.code,
    harvestLaterality: 'right' as const,
    anesthesia: 'light_sedation' as const,
    imagingGuidance: 'ultrasound' as const,
  };
  const planId = await insertPlan(trx, {
    clinicId: clinic.id,
    patientId: patient.id,
    protocolVersionId: knee.id,
    choice,
    decisionId,
    userId: demo.coordinatorId,
  });
  const startsAt = instantOf(addDays(localDate(now, clinic.timeZone), 21), '09:00', clinic.timeZone);
  const sessions = await insertSessions(
    trx,
    { clinicId: clinic.id, planId, patientId: patient.id },
    [startsAt],
    demo.coordinatorId,
  );
  await appendAudit(trx, audit(demo.coordinatorId, 'coordinator'), {
    action: 'plan.book',
    entity: 'treatment_plan',
    entityId: planId,
    summary: { protocol: knee.code, version: knee.version, startsAt, demo: true },
  });
  await queueSessionReminders(trx, {
    clinic,
    patient,
    protocol: knee.content,
    anesthesia: choice.anesthesia,
    medicationClasses: intake.medications.map((m) => m.class),
    sessions,
    actor: audit(demo.coordinatorId, 'coordinator'),
    now,
  });
}
