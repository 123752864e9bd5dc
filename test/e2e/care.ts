import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { DEMO_PASSWORD } from './browser.js';

/**
 * Care-path data set up over the API (for screens that need a screened, booked patient before the
 * page under test can be shown). The journey itself is walked through the UI in care-path.test.ts.
 */

type Json = Record<string, unknown>;

async function ok<T>(
  request: APIRequestContext,
  method: 'get' | 'post',
  url: string,
  data?: unknown,
): Promise<T> {
  const response = method === 'get' ? await request.get(url) : await request.post(url, { data: data ?? {} });
  if (!response.ok())
    throw new Error(`${method.toUpperCase()} ${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A browser context signed in as `email` (cookie session), for API calls or pages. */
export async function signedInContext(
  browser: Browser,
  baseURL: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await ok(context.request, 'post', '/api/auth/login', { email, password });
  return context;
}

/** YYYY-MM-DD, `days` after today in the clinic's time zone (the demo clinic is in Riyadh). */
export function clinicDatePlus(days: number, timeZone = 'Asia/Riyadh'): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const INTAKE = {
  otherConditions: '',
  medications: [
    { name: 'Ibuprofen', class: 'nsaid', dose: '400 mg three times a day' },
    { name: 'Warfarin', class: 'anticoagulant', dose: '5 mg daily' },
  ],
  allergyLocalAnesthetic: false,
  otherAllergies: '',
  smoking: 'never',
  alcohol: 'none',
  pregnant: false,
  breastfeeding: false,
  activeInfection: false,
  recentFever: false,
  cancer: 'none',
  bleedingDisorder: false,
  haemodynamicInstability: false,
  diabetes: 'none',
  rheumaticDisease: false,
  lastSteroidInjectionDate: null,
  lastSystemicSteroidDate: null,
  priorInjections: '',
  haemoglobinGdl: 13.2,
  plateletsPerUl: 250000,
};

type Site = { code: string; lateralityRequired: boolean };
export type KneeProtocol = {
  versionId: string;
  content: {
    conditions: { code: string }[];
    targetSites: Site[];
    harvestSites: Site[];
    imagingGuidance: string[];
  };
};

export async function kneeProtocol(request: APIRequestContext): Promise<KneeProtocol> {
  const { items } = await ok<{ items: Array<{ code: string; versionId: string }> }>(
    request,
    'get',
    '/api/protocols',
  );
  const summary = items.find((p) => p.code === 'knee_oa_bmac');
  if (!summary) throw new Error(`knee_oa_bmac is not among ${items.map((p) => p.code).join(', ')}`);
  return ok<KneeProtocol>(request, 'get', `/api/protocols/versions/${summary.versionId}`);
}

/**
 * Registers a patient and records their intake (`INTAKE` with `changes`), with no decision signed:
 * the screening waits for a physician.
 */
export async function registerWithIntake(
  browser: Browser,
  baseURL: string,
  who: { givenName: string; familyName: string },
  changes: Partial<typeof INTAKE> = {},
): Promise<{ patientId: string }> {
  const admin = await signedInContext(browser, baseURL, 'admin@demo.clinic');
  try {
    const patient = await ok<{ id: string }>(admin.request, 'post', '/api/patients', {
      ...who,
      dateOfBirth: '1958-11-02',
      sex: 'male',
      preferredLanguage: 'en',
    });
    await ok(admin.request, 'post', `/api/patients/${patient.id}/intake`, { ...INTAKE, ...changes });
    return { patientId: patient.id };
  } finally {
    await admin.close();
  }
}

export type Booked = {
  patientId: string;
  planId: string;
  sessionId: string;
  versionId: string;
  inviteUrl: string;
};

/**
 * Registers a patient taking ibuprofen and warfarin, records the intake, has the physician sign
 * "suitable", books a knee bone-marrow session in 21 days at 09:00 with light sedation and
 * creates a portal invitation.
 */
export async function bookKneePatient(
  browser: Browser,
  baseURL: string,
  who: { givenName: string; familyName: string; givenNameAr: string; familyNameAr: string; email: string },
): Promise<Booked> {
  const admin = await signedInContext(browser, baseURL, 'admin@demo.clinic');
  const physician = await signedInContext(browser, baseURL, 'physician@demo.clinic');
  try {
    const patient = await ok<{ id: string }>(admin.request, 'post', '/api/patients', {
      ...who,
      dateOfBirth: '1961-05-14',
      sex: 'female',
      preferredLanguage: 'ar',
    });
    await ok(admin.request, 'post', `/api/patients/${patient.id}/intake`, INTAKE);
    await ok(physician.request, 'post', `/api/patients/${patient.id}/screening/decision`, {
      decision: 'suitable',
      password: DEMO_PASSWORD,
    });
    const protocol = await kneeProtocol(admin.request);
    const c = protocol.content;
    const site = c.targetSites.find((s) => s.code.includes('knee')) ?? c.targetSites[0];
    const harvest = c.harvestSites[0];
    const plan = await ok<{ id: string; sessions: Array<{ id: string }> }>(
      admin.request,
      'post',
      `/api/patients/${patient.id}/plans`,
      {
        protocolVersionId: protocol.versionId,
        conditionCode: c.conditions[0]?.code,
        targetSite: site?.code,
        ...(site?.lateralityRequired ? { laterality: 'right' } : {}),
        ...(harvest ? { harvestSite: harvest.code } : {}),
        ...(harvest?.lateralityRequired ? { harvestLaterality: 'left' } : {}),
        anesthesia: 'light_sedation',
        imagingGuidance: c.imagingGuidance[0],
        sessions: [{ date: clinicDatePlus(21), time: '09:00' }],
      },
    );
    const invite = await ok<{ inviteUrl: string }>(
      admin.request,
      'post',
      `/api/patients/${patient.id}/invite`,
      {
        email: who.email,
      },
    );
    return {
      patientId: patient.id,
      planId: plan.id,
      sessionId: plan.sessions[0]?.id ?? '',
      versionId: protocol.versionId,
      inviteUrl: invite.inviteUrl,
    };
  } finally {
    await admin.close();
    await physician.close();
  }
}

/** Accepts a portal invitation over the API; the returned context is the signed-in patient. */
export async function acceptInvite(
  browser: Browser,
  baseURL: string,
  inviteUrl: string,
  password: string,
): Promise<Json> {
  const context = await browser.newContext({ baseURL });
  try {
    const token = inviteUrl.split('/').pop() ?? '';
    return await ok<Json>(context.request, 'post', `/api/invites/${token}/accept`, { password });
  } finally {
    await context.close();
  }
}

export type ReadyForDay = Booked & { wristband: string; mrn: string };

/**
 * A booked knee session whose time-out can complete once the patient is checked in: as
 * `readyForHarvest` in test/integration/session-run.test.ts, over the API, the imaging report is
 * uploaded, the patient signs the consent in the portal, a nurse witnesses it and verifies every
 * preparation task. Check-in, the time-out and everything after are left to the test.
 */
export async function readyForSessionDay(
  browser: Browser,
  baseURL: string,
  who: { givenName: string; familyName: string; givenNameAr: string; familyNameAr: string; email: string },
): Promise<ReadyForDay> {
  const booked = await bookKneePatient(browser, baseURL, who);
  const patientPassword = 'a long enough passphrase';
  await acceptInvite(browser, baseURL, booked.inviteUrl, patientPassword);
  const coordinator = await signedInContext(browser, baseURL, 'coordinator@demo.clinic');
  const nurse = await signedInContext(browser, baseURL, 'nurse@demo.clinic');
  const patient = await signedInContext(browser, baseURL, who.email, patientPassword);
  try {
    const s = `/api/sessions/${booked.sessionId}`;
    const upload = await coordinator.request.post(`${s}/tasks/imaging_on_file/files`, {
      multipart: {
        file: { name: 'xray.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF') },
      },
    });
    if (!upload.ok()) throw new Error(`upload: ${upload.status()} ${await upload.text()}`);
    const consent = await ok<{ consent: { version: number } }>(
      patient.request,
      'get',
      `/api/plans/${booked.planId}/consent`,
    );
    await ok(patient.request, 'post', `/api/plans/${booked.planId}/consent/sign`, {
      typedName: `${who.givenName} ${who.familyName}`,
      password: patientPassword,
      language: 'en',
      consentVersion: consent.consent.version,
    });
    await ok(nurse.request, 'post', `/api/plans/${booked.planId}/consent/witness`, {
      password: DEMO_PASSWORD,
    });
    const prep = await ok<{ tasks: Array<{ code: string }> }>(nurse.request, 'get', `${s}/preparation`);
    for (const task of prep.tasks) await ok(nurse.request, 'post', `${s}/tasks/${task.code}/verify`, {});
    const [record, clinic] = await Promise.all([
      ok<{ mrn: string }>(nurse.request, 'get', `/api/patients/${booked.patientId}`),
      ok<{ facilityCode: string }>(nurse.request, 'get', '/api/clinic'),
    ]);
    return { ...booked, mrn: record.mrn, wristband: `${clinic.facilityCode}-${record.mrn}` };
  } finally {
    await Promise.all([coordinator.close(), nurse.close(), patient.close()]);
  }
}
