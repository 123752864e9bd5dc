import { addDays, localDate, localTime } from '../clinic-time.js';
import type { Anesthesia, MedicationClass, PreparationTaskTemplate, Text } from '../protocol/schema.js';

export interface PreparationInput {
  tasks: readonly PreparationTaskTemplate[];
  sessionStart: Date;
  timeZone: string;
  anesthesia: Anesthesia;
  /** Classes of the medicines the patient takes now (from the latest intake). */
  medicationClasses: readonly MedicationClass[];
}

export type Due = { kind: 'date'; date: string } | { kind: 'instant'; at: Date };

export interface PlannedTask {
  code: string;
  owner: PreparationTaskTemplate['owner'];
  title: Text;
  purpose: Text;
  instructions: Text;
  requiresUpload: boolean;
  due: Due;
  /** The last calendar day the task lasts (NSAIDs stay stopped until 14 days after), or null. */
  until: string | null;
}

function applies(task: PreparationTaskTemplate, input: PreparationInput): boolean {
  const when = task.appliesWhen;
  if (!when) return true;
  if (when.anesthesia && !when.anesthesia.includes(input.anesthesia)) return false;
  if (when.medicationClasses && !when.medicationClasses.some((c) => input.medicationClasses.includes(c))) {
    return false;
  }
  return true;
}

function dueOf(task: PreparationTaskTemplate, input: PreparationInput): Due {
  if (task.timing.unit === 'hours') {
    // Fasting windows are exact: ASA counts hours before the start, not calendar days.
    return { kind: 'instant', at: new Date(input.sessionStart.getTime() - task.timing.before * 3_600_000) };
  }
  return { kind: 'date', date: addDays(localDate(input.sessionStart, input.timeZone), -task.timing.before) };
}

/** A sortable key in the clinic's wall-clock: date tasks count from the start of their day. */
function sortKey(due: Due, timeZone: string): string {
  return due.kind === 'date'
    ? `${due.date}T00:00`
    : `${localDate(due.at, timeZone)}T${localTime(due.at, timeZone)}`;
}

/**
 * The patient's personal preparation plan: the protocol's tasks that apply to this patient and
 * this session, each with its due date (or instant), earliest first. One pure function for the
 * server, the portal and the calendar file.
 */
export function planPreparation(input: PreparationInput): PlannedTask[] {
  const sessionDate = localDate(input.sessionStart, input.timeZone);
  return input.tasks
    .filter((task) => applies(task, input))
    .map((task) => ({
      code: task.code,
      owner: task.owner,
      title: task.title,
      purpose: task.purpose,
      instructions: task.instructions,
      requiresUpload: task.requiresUpload,
      due: dueOf(task, input),
      until:
        task.timing.untilDaysAfter === undefined ? null : addDays(sessionDate, task.timing.untilDaysAfter),
    }))
    .sort(
      (a, b) =>
        sortKey(a.due, input.timeZone).localeCompare(sortKey(b.due, input.timeZone)) ||
        a.code.localeCompare(b.code),
    );
}
