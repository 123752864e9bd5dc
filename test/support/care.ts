import { addDays, localDate } from '../../src/domain/clinic-time.js';
import { type IntakeInput, NOTHING_TO_REPORT } from '../../src/domain/screening/intake.js';
import type { Client } from './fixtures.js';

/** A medical history with nothing to report, to change one answer at a time. */
export const CLEAN_INTAKE: IntakeInput = NOTHING_TO_REPORT;

export const IBUPROFEN_AND_WARFARIN: IntakeInput = {
  ...CLEAN_INTAKE,
  medications: [
    { name: 'Ibuprofen', class: 'nsaid', dose: '400 mg as needed' },
    { name: 'Warfarin', class: 'anticoagulant', dose: '5 mg daily' },
  ],
};

/** A calendar date `days` from today in a time zone. */
export function daysFromToday(days: number, timeZone: string): string {
  return addDays(localDate(new Date(), timeZone), days);
}

export interface BookedCare {
  patientId: string;
  versionId: string;
  planId: string;
  sessionId: string;
  fileId: string;
}

/** Through the API, as staff do: intake, a physician's decision, a knee session, an uploaded report. */
export async function bookKneeSession(
  baseUrl: string,
  staff: { coordinator: Client; physician: Client },
  physicianPassword: string,
  patientId: string,
  timeZone: string,
): Promise<BookedCare> {
  const { coordinator, physician } = staff;
  await expectStatus(coordinator.post(`/api/patients/${patientId}/intake`, IBUPROFEN_AND_WARFARIN), 201);
  await expectStatus(
    physician.post(`/api/patients/${patientId}/screening/decision`, {
      decision: 'suitable',
      password: physicianPassword,
    }),
    201,
  );
  const protocols = await coordinator.get('/api/protocols');
  const versionId = protocols.json.items.find((p: { code: string }) => p.code === 'knee_oa_bmac').versionId;
  const plan = await expectStatus(
    coordinator.post(`/api/patients/${patientId}/plans`, {
      protocolVersionId: versionId,
      conditionCode: 'knee_osteoarthritis',
      targetSite: 'knee',
      laterality: 'right',
      harvestSite: 'posterior_iliac_crest',
      harvestLaterality: 'left',
      anesthesia: 'local',
      imagingGuidance: 'ultrasound',
      sessions: [{ date: daysFromToday(14, timeZone), time: '10:30' }],
    }),
    201,
  );
  const sessionId = plan.json.sessions[0].id;
  const form = new FormData();
  form.append(
    'file',
    new Blob([new TextEncoder().encode('%PDF-1.4\n%%EOF')], { type: 'application/pdf' }),
    'xray.pdf',
  );
  const upload = await fetch(`${baseUrl}/api/sessions/${sessionId}/tasks/imaging_on_file/files`, {
    method: 'POST',
    headers: { cookie: coordinator.cookie ?? '' },
    body: form,
  });
  if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${await upload.text()}`);
  const task = (await upload.json()) as { files: Array<{ id: string }> };
  return { patientId, versionId, planId: plan.json.id, sessionId, fileId: task.files[0]?.id ?? '' };
}

async function expectStatus<T extends { status: number; text: string }>(
  response: Promise<T>,
  status: number,
): Promise<T> {
  const r = await response;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
  return r;
}
