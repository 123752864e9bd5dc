import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dinWithCheck, formatDin } from '../../src/domain/custody/din.js';
import {
  demoClinicInBrowser,
  describeViolations,
  type Lang,
  login,
  newContext,
  screenshot,
  seriousAxeViolations,
} from './browser.js';
import {
  acceptInvite,
  type Booked,
  bookKneePatient,
  clinicDatePlus,
  readyForSessionDay,
  signedInContext,
} from './care.js';

/**
 * Every screen, in English and Arabic: no serious or critical axe-core violations, and a full-page
 * screenshot in test-results/screenshots/<screen>-<lang>.png for people to look at.
 */
describe.each(['en', 'ar'] as const)('every screen in %s', (lang: Lang) => {
  const env = demoClinicInBrowser();
  let staff: BrowserContext;
  let staffPage: Page;

  beforeAll(async () => {
    staff = await newContext(env.browser, env.server.url, lang);
    staffPage = await staff.newPage();
    await login(staffPage, 'admin@demo.clinic');
  });
  afterAll(async () => {
    await staff?.close();
  });

  async function check(page: Page, screen: string): Promise<void> {
    await screenshot(page, screen, lang);
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) console.error(describeViolations(`${screen}-${lang}`, violations));
    expect(violations.map((v) => `${v.id} (${v.impact}): ${v.help}`)).toEqual([]);
    const html = page.locator('html');
    await expect(html.getAttribute('lang')).resolves.toBe(lang);
    await expect(html.getAttribute('dir')).resolves.toBe(lang === 'ar' ? 'rtl' : 'ltr');
  }

  it('sign-in', { timeout: 60_000 }, async () => {
    const context = await newContext(env.browser, env.server.url, lang);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await check(page, 'login');
    await context.close();
  });

  it('staff home', { timeout: 60_000 }, async () => {
    await staffPage.goto('/');
    await staffPage.getByTestId('patient-table').waitFor();
    await check(staffPage, 'staff-home');
  });

  it('new patient, including its validation messages', { timeout: 60_000 }, async () => {
    await staffPage.goto('/patients/new');
    await staffPage.locator('form').waitFor();
    await check(staffPage, 'patient-new');
    await staffPage.locator('form button[type="submit"]').click();
    await staffPage.locator('[aria-invalid="true"]').first().waitFor();
    await check(staffPage, 'patient-new-errors');
  });

  it('patient view, with an invitation link', { timeout: 60_000 }, async () => {
    await staffPage.goto('/');
    // Claire Dubois has an email address and no portal account in the demo clinic.
    await staffPage.getByTestId('patient-table').getByRole('link', { name: 'Claire Dubois' }).click();
    await staffPage.getByTestId('patient-name').waitFor();
    await check(staffPage, 'patient-view');
    await staffPage.locator('form button[type="submit"]').click();
    await staffPage.getByTestId('invite-link').waitFor();
    await check(staffPage, 'patient-view-invited');
  });

  it('staff administration', { timeout: 60_000 }, async () => {
    await staffPage.goto('/staff');
    await staffPage.getByTestId('staff-table').waitFor();
    await check(staffPage, 'staff-admin');
  });

  it('reminders outbox', { timeout: 60_000 }, async () => {
    await staffPage.goto('/');
    await staffPage.getByTestId('nav-outbox').click();
    // The demo clinic has queued the demo patient's reminders; with no mail server they wait.
    await staffPage.getByTestId('outbox-table').waitFor();
    await expect(staffPage.getByTestId('outbox-row').count()).resolves.toBeGreaterThan(0);
    await check(staffPage, 'outbox');
  });

  it('donor product store and a product trace', { timeout: 60_000 }, async () => {
    const lab = await signedInContext(env.browser, env.server.url, 'lab@demo.clinic');
    const product = dinWithCheck(formatDin({ facilityCode: 'A9999', year: 2026, sequence: 41 }));
    const received = await lab.request.post('/api/donor-products', {
      data: {
        label: `${product.din}${product.check}`,
        productCode: 'S1234000',
        supplier: 'Gulf Cord Blood Bank',
        lot: 'LOT-0041',
        donorId: 'DNR-000041',
        expiresAt: `${clinicDatePlus(45)}T09:00:00+03:00`,
        storageTemperature: 'Below −150 °C',
      },
    });
    expect(received.status(), await received.text()).toBe(201);
    await lab.close();
    await staffPage.goto('/donor-products');
    await staffPage.getByTestId('donor-table').waitFor();
    await check(staffPage, 'a11y-donor-products');
    await staffPage.getByTestId('donor-trace-link').first().click();
    await staffPage.getByTestId('trace-timeline').waitFor();
    await check(staffPage, 'a11y-product-trace');
  });

  it('invitation acceptance', { timeout: 60_000 }, async () => {
    const response = await staffPage.request.post('/api/invites', {
      data: { email: `new.${lang}@demo.clinic`, role: 'nurse', displayName: 'Huda Saleh' },
    });
    expect(response.status()).toBe(201);
    const invite = (await response.json()) as { inviteUrl: string };
    const context = await newContext(env.browser, env.server.url, lang);
    const page = await context.newPage();
    await page.goto(invite.inviteUrl);
    await page.getByTestId('invite-email').waitFor();
    await check(page, 'invite-accept');
    await context.close();
  });

  it('patient portal', { timeout: 60_000 }, async () => {
    const context = await newContext(env.browser, env.server.url, lang);
    const page = await context.newPage();
    await login(page, 'patient@demo.clinic');
    await page.getByTestId('portal-mrn').waitFor();
    await check(page, 'portal');
    await context.close();
  });

  let booked: Booked;
  const patientEmail = `nadia.${lang}@example.org`;
  const patientPassword = 'a long enough passphrase';

  it('care path, staff: screening, intake, plan, preparation and protocols', {
    timeout: 90_000,
  }, async () => {
    booked = await bookKneePatient(env.browser, env.server.url, {
      givenName: 'Nadia',
      familyName: 'Haddad',
      givenNameAr: 'نادية',
      familyNameAr: 'حداد',
      email: patientEmail,
    });
    const context = await newContext(env.browser, env.server.url, lang);
    const physician = await context.newPage();
    await login(physician, 'physician@demo.clinic');
    await physician.goto(`/patients/${booked.patientId}?tab=screening`);
    await physician.getByTestId('decision-value').waitFor();
    await check(physician, 'screening');
    await physician.getByTestId('intake-correct').click();
    await physician.getByTestId('intake-form').waitFor();
    await check(physician, 'intake-form');
    await context.close();

    await staffPage.goto(`/patients/${booked.patientId}?tab=plans`);
    await staffPage.getByTestId('plan-card').waitFor();
    await check(staffPage, 'plans');
    await staffPage.goto(`/sessions/${booked.sessionId}/preparation?patient=${booked.patientId}`);
    await staffPage.getByTestId('prep-tasks').waitFor();
    await check(staffPage, 'preparation');
    await staffPage.goto('/protocols');
    await staffPage.getByTestId('protocol-table').waitFor();
    await check(staffPage, 'protocols');
    await staffPage.goto(`/protocols/versions/${booked.versionId}`);
    await staffPage.getByTestId('protocol-steps').waitFor();
    await check(staffPage, 'protocol');
    await staffPage.goto(`/protocols/knee_oa_bmac/edit?from=${booked.versionId}`);
    await staffPage.getByTestId('protocol-json').waitFor();
    await check(staffPage, 'protocol-edit');
  });

  it('care path, patient: overview, guide, print view, checklist and consent', {
    timeout: 90_000,
  }, async () => {
    await acceptInvite(env.browser, env.server.url, booked.inviteUrl, patientPassword);
    const context = await newContext(env.browser, env.server.url, lang);
    const page = await context.newPage();
    await login(page, patientEmail, patientPassword);
    await page.getByTestId('treatment-card').waitFor();
    await check(page, 'portal-treatment');
    await page.goto('/portal/guide');
    await page.getByTestId('guide-timeline').waitFor();
    await check(page, 'guide');
    await page.goto('/portal/guide/print');
    await page.getByTestId('guide-timeline').waitFor();
    await check(page, 'guide-print');
    await page.goto(`/portal/preparation/${booked.sessionId}`);
    await page.getByTestId('prep-tasks').waitFor();
    await check(page, 'portal-preparation');
    await page.goto('/portal/consent');
    await page.getByTestId('consent-form').waitFor();
    await check(page, 'consent');
    const view = (await (await page.request.get(`/api/plans/${booked.planId}/consent`)).json()) as {
      consent: { version: number };
    };
    const signed = await page.request.post(`/api/plans/${booked.planId}/consent/sign`, {
      data: {
        typedName: 'Nadia Haddad',
        password: patientPassword,
        language: lang,
        consentVersion: view.consent.version,
      },
    });
    expect(signed.status(), await signed.text()).toBe(201);
    await page.reload();
    await page.getByTestId('consent-signed').waitFor();
    await check(page, 'consent-signed');
    await context.close();
  });

  it('session day, its time-out, and the clinic board', { timeout: 90_000 }, async () => {
    const ready = await readyForSessionDay(env.browser, env.server.url, {
      givenName: 'Huda',
      familyName: 'Karim',
      givenNameAr: 'هدى',
      familyNameAr: 'كريم',
      email: `huda.${lang}@example.org`,
    });
    const context = await newContext(env.browser, env.server.url, lang);
    const nurse = await context.newPage();
    await login(nurse, 'nurse@demo.clinic');
    await nurse.goto(`/sessions/${ready.sessionId}/day?patient=${ready.patientId}`);
    await nurse.locator('[data-testid="day-state"][data-state="booked"]').waitFor();
    await check(nurse, 'a11y-session-day');
    await nurse.getByTestId('event-check_in').click();
    await nurse.locator('[data-testid="day-state"][data-state="checked_in"]').waitFor();
    await nurse.getByTestId('event-complete_checks').click();
    await nurse.getByTestId('refusal').waitFor();
    await check(nurse, 'a11y-session-day-timeout');
    await nurse.goto(`/board?date=${clinicDatePlus(21)}`);
    await nurse.getByTestId('board-card').first().waitFor();
    await check(nurse, 'a11y-board');
    await context.close();
  });
});
