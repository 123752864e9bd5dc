import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  demoClinicInBrowser,
  htmlAttributes,
  login,
  messages,
  newContext,
  screenshot,
  text,
} from './browser.js';
import { clinicDatePlus, type KneeProtocol } from './care.js';

const en = messages('en');
const ar = messages('ar');

/** Chromium writes "9:00 AM" with a narrow no-break space; compare with plain spaces. */
async function plainText(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ');
}

function dayDate(iso: string): string {
  return new Intl.DateTimeFormat('en', {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}

describe('the care path of a knee patient', () => {
  const env = demoClinicInBrowser();

  it('goes from intake and screening through booking and preparation to consent and the guide', {
    timeout: 90_000,
  }, async () => {
    const sessionDate = clinicDatePlus(21);
    const coordinator = await newContext(env.browser, env.server.url, 'en');
    const page = await coordinator.newPage();
    await login(page, 'coordinator@demo.clinic');

    // A coordinator registers the patient…
    await page.goto('/patients/new');
    await page.getByLabel(text(en, 'patient.givenName')).fill('Nadia');
    await page.getByLabel(text(en, 'patient.familyName')).fill('Haddad');
    await page.getByLabel(text(en, 'patient.givenNameAr')).fill('نادية');
    await page.getByLabel(text(en, 'patient.familyNameAr')).fill('حداد');
    await page.getByLabel(text(en, 'patient.dateOfBirth')).fill('1961-05-14');
    await page.getByLabel(text(en, 'patient.sex')).selectOption('female');
    await page.getByLabel(text(en, 'patient.email')).fill('nadia.haddad@example.org');
    await page.getByLabel(text(en, 'patient.preferredLanguage')).selectOption('ar');
    await page.getByRole('button', { name: text(en, 'patientForm.submit') }).click();
    await page.waitForURL(/\/patients\/(?!new)[^/]+$/);
    const patientId = new URL(page.url()).pathname.split('/').pop() ?? '';

    // …and fills the intake: ibuprofen (NSAID) and warfarin (anticoagulant).
    await page.getByTestId('tab-screening').click();
    const intake = page.getByTestId('intake-form');
    const medicines = [
      ['Ibuprofen', 'nsaid', '400 mg three times a day'],
      ['Warfarin', 'anticoagulant', '5 mg daily'],
    ] as const;
    for (const [i, [name, kind, dose]] of medicines.entries()) {
      await intake.getByRole('button', { name: text(en, 'intake.addMedication') }).click();
      const row = intake.getByTestId('medication-row').nth(i);
      await row.getByRole('textbox', { name: text(en, 'intake.medicationName') }).fill(name);
      await row.getByRole('combobox', { name: text(en, 'intake.medicationClass') }).selectOption(kind);
      await row.getByRole('textbox', { name: text(en, 'intake.medicationDose') }).fill(dose);
    }
    await intake.getByLabel(text(en, 'intake.haemoglobinGdl')).fill('13.2');
    await intake.getByLabel(text(en, 'intake.plateletsPerUl')).fill('250000');
    await intake.getByRole('button', { name: text(en, 'intake.submit') }).click();

    // Screening: both medicines raise a caution, with the reason and the evidence.
    const findings = page.getByTestId('finding');
    await findings.first().waitFor();
    const cautions = page.locator('[data-testid="finding"][data-severity="caution"]');
    await expect(cautions.filter({ hasText: 'Ibuprofen' }).count()).resolves.toBe(1);
    await expect(cautions.filter({ hasText: 'Warfarin' }).count()).resolves.toBe(1);
    await expect(page.getByTestId('screening-overall').getAttribute('data-overall')).resolves.toBe('caution');
    await expect(page.getByTestId('decision-form').count()).resolves.toBe(0);
    await screenshot(page, 'journey-screening', 'en');

    // The physician signs "suitable" with their password.
    const physicianContext = await newContext(env.browser, env.server.url, 'en');
    const doctor = await physicianContext.newPage();
    await login(doctor, 'physician@demo.clinic');
    await doctor.goto(`/patients/${patientId}?tab=screening`);
    const decision = doctor.getByTestId('decision-form');
    await decision.getByLabel(text(en, 'decision.suitable'), { exact: true }).check();
    await decision.locator('input[type="password"]').fill(DEMO_PASSWORD);
    await decision.getByRole('button', { name: text(en, 'decision.submit') }).click();
    await doctor.locator('[data-testid="decision-value"][data-decision="suitable"]').waitFor();
    await expect(doctor.getByTestId('decision-current').textContent()).resolves.toBe(
      text(en, 'decision.current'),
    );
    await physicianContext.close();

    // The coordinator books a knee bone-marrow session with light sedation, 21 days ahead at 09:00.
    await page.goto(`/patients/${patientId}?tab=plans`);
    const form = page.getByTestId('plan-form');
    const { items } = (await (await page.request.get('/api/protocols')).json()) as {
      items: Array<{ code: string; versionId: string }>;
    };
    const kneeSummary = items.find((p) => p.code === 'knee_oa_bmac');
    expect(kneeSummary).toBeTruthy();
    const knee = (await (
      await page.request.get(`/api/protocols/versions/${kneeSummary?.versionId}`)
    ).json()) as KneeProtocol;
    await form.getByLabel(text(en, 'plan.protocol')).selectOption(knee.versionId);
    const c = knee.content;
    await form.getByLabel(text(en, 'plan.condition')).selectOption(c.conditions[0]?.code ?? '');
    const site = c.targetSites.find((s) => s.code.includes('knee')) ?? c.targetSites[0];
    await form.getByLabel(text(en, 'plan.targetSite')).selectOption(site?.code ?? '');
    if (site?.lateralityRequired) await form.getByLabel(/^Side/).selectOption('right');
    const harvest = c.harvestSites[0];
    await form.getByLabel(text(en, 'plan.harvestSite')).selectOption(harvest?.code ?? '');
    if (harvest?.lateralityRequired)
      await form.getByLabel(text(en, 'plan.harvestLaterality')).selectOption('left');
    await form.getByLabel(text(en, 'plan.anesthesia')).selectOption('light_sedation');
    await form.getByLabel(text(en, 'plan.imagingGuidance')).selectOption(c.imagingGuidance[0] ?? '');
    await form.getByLabel('Session 1 date').fill(sessionDate);
    await form.getByLabel('Session 1 start time').fill('09:00');
    await form.getByRole('button', { name: text(en, 'plan.submit') }).click();
    await page.getByTestId('plan-card').waitFor();
    await expect(plainText(page, 'session-when')).resolves.toContain('9:00 AM');
    await screenshot(page, 'journey-plan', 'en');

    // The preparation plan: stop the NSAID 7 days before (D−7), the prescriber decides on warfarin,
    // and fasting is timed from the 09:00 start: solid food 6 h before (03:00), clear liquids 2 h
    // before (07:00), as the protocol content says (ASA fasting guidance).
    await page.getByTestId('preparation-link').first().click();
    await page.getByTestId('prep-tasks').waitFor();
    const task = (code: string) => page.locator(`[data-testid="prep-task"][data-code="${code}"]`);
    const due = async (code: string) =>
      ((await task(code).getByTestId('task-due').textContent()) ?? '').replace(/\s+/g, ' ');
    await expect(due('stop_nsaids')).resolves.toContain(dayDate(clinicDatePlus(14)));
    await expect(due('fast_solid_food')).resolves.toContain('3:00 AM');
    await expect(due('fast_clear_liquids')).resolves.toContain('7:00 AM');
    const anticoagulant = task('anticoagulant_decision');
    await expect(anticoagulant.getAttribute('data-owner')).resolves.toBe('prescriber');
    await expect(anticoagulant.getByTestId('prescriber-note').textContent()).resolves.toBe(
      text(en, 'prep.prescriberNoteStaff'),
    );
    await screenshot(page, 'journey-preparation', 'en');

    // Staff invite the patient to the portal (the existing invitation flow).
    await page.goto(`/patients/${patientId}`);
    await page.getByRole('button', { name: text(en, 'patientView.invite') }).click();
    const inviteUrl = await page.getByTestId('invite-link').inputValue();

    // The patient sets a password, signs the consent in Arabic and reads the guide right to left.
    const patientContext = await newContext(env.browser, env.server.url, 'ar');
    const portal = await patientContext.newPage();
    await portal.goto(inviteUrl);
    await portal.getByTestId('invite-email').waitFor();
    const password = 'كلمة مرور طويلة بما يكفي';
    await portal.locator('input[type="password"]').nth(0).fill(password);
    await portal.locator('input[type="password"]').nth(1).fill(password);
    await portal.locator('form button[type="submit"]').click();
    await portal.waitForURL('**/portal');

    await portal
      .getByTestId('portal-nav')
      .getByRole('link', { name: text(ar, 'portalNav.consent') })
      .click();
    const consent = portal.getByTestId('consent-form');
    await consent.waitFor();
    await expect(portal.getByTestId('consent-text').count()).resolves.toBe(1);
    await consent.getByLabel(text(ar, 'consent.typedNameLabel')).fill('نادية حداد');
    await consent.locator('input[type="password"]').fill(password);
    await consent.getByLabel(text(ar, 'consent.agree')).check();
    await consent.getByRole('button', { name: text(ar, 'consent.submit') }).click();
    await portal.getByTestId('consent-signed').waitFor();
    await expect(portal.getByTestId('consent-signed').textContent()).resolves.toContain('نادية حداد');
    await screenshot(portal, 'journey-consent-signed', 'ar');

    await portal
      .getByTestId('portal-nav')
      .getByRole('link', { name: text(ar, 'portalNav.guide') })
      .click();
    await portal.getByTestId('guide-timeline').waitFor();
    await expect(htmlAttributes(portal)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
    await expect(portal.getByTestId('next-session-when').textContent()).resolves.toMatch(/٩:٠٠|9:00/);
    await expect(portal.getByTestId('red-flags-urgent').count()).resolves.toBe(1);
    await screenshot(portal, 'journey-guide', 'ar');

    // The calendar file downloads for the patient's own session.
    const href = await portal.getByTestId('calendar-link').getAttribute('href');
    expect(href).toMatch(/\/api\/sessions\/[^/]+\/calendar\.ics$/);
    const ics = await portal.request.get(href ?? '');
    expect(ics.status()).toBe(200);
    expect((await ics.text()).startsWith('BEGIN:VCALENDAR')).toBe(true);

    // The patient ticks off a task in their checklist.
    await portal
      .getByTestId('portal-nav')
      .getByRole('link', { name: text(ar, 'portalNav.preparation') })
      .click();
    const own = portal.locator('[data-testid="prep-task"][data-owner="patient"]').first();
    await own.waitFor();
    // The checkbox follows the server's answer, so wait for the saved state rather than `check()`.
    await own.getByRole('checkbox').click();
    await own.locator('[data-testid="task-status"][data-status="done"]').waitFor();
    await patientContext.close();

    // Staff witness the signed consent.
    await page.goto(`/patients/${patientId}?tab=plans`);
    const witness = page.getByTestId('witness-form');
    await witness.locator('input[type="password"]').fill(DEMO_PASSWORD);
    await witness.getByRole('button', { name: text(en, 'consent.witnessSubmit') }).click();
    await page.locator('[data-testid="consent-status"][data-state="witnessed"]').first().waitFor();
    await coordinator.close();
  });
});
