import type { Transaction } from 'kysely';
import { patientName } from '../domain/patient-rules.js';
import { planPreparation } from '../domain/preparation/plan.js';
import type { Anesthesia, MedicationClass, ProtocolContent } from '../domain/protocol/schema.js';
import { planReminders } from '../domain/reminders.js';
import type { AuditContext } from './audit.js';
import type { Clinic } from './clinics.js';
import { messageTemplates } from './content.js';
import { enqueueMessage } from './outbox.js';
import type { Patient } from './patients.js';
import type { Database } from './schema.js';

/**
 * Queues the reminders of newly booked sessions, in the same transaction as the booking. A
 * patient without an email gets none (the desk sees the plan and phones instead).
 */
export async function queueSessionReminders(
  trx: Transaction<Database>,
  args: {
    clinic: Clinic;
    patient: Patient;
    protocol: ProtocolContent;
    anesthesia: Anesthesia;
    medicationClasses: readonly MedicationClass[];
    sessions: ReadonlyArray<{ id: string; startsAt: Date }>;
    actor: AuditContext;
    now: Date;
  },
): Promise<number> {
  const { clinic, patient } = args;
  if (!patient.email) return 0;
  const name = patientName(patient, patient.preferredLanguage);
  let queued = 0;
  for (const session of args.sessions) {
    const tasks = planPreparation({
      tasks: args.protocol.preparationTasks,
      sessionStart: session.startsAt,
      timeZone: clinic.timeZone,
      anesthesia: args.anesthesia,
      medicationClasses: args.medicationClasses,
    });
    const reminders = planReminders({
      sessionId: session.id,
      startsAt: session.startsAt,
      timeZone: clinic.timeZone,
      clinicName: clinic.name,
      patientName: name,
      language: patient.preferredLanguage,
      tasks,
      templates: messageTemplates(),
      now: args.now,
    });
    for (const r of reminders) {
      const { created } = await enqueueMessage(
        trx,
        {
          clinicId: clinic.id,
          patientId: patient.id,
          kind: r.kind,
          recipient: patient.email,
          language: patient.preferredLanguage,
          subject: r.subject,
          bodyText: r.body,
          dueAt: r.dueAt,
          idempotencyKey: r.key,
        },
        args.actor,
      );
      if (created) queued += 1;
    }
  }
  return queued;
}
