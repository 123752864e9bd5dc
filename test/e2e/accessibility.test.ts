import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoClinicInBrowser,
  describeViolations,
  type Lang,
  login,
  newContext,
  screenshot,
  seriousAxeViolations,
} from './browser.js';

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
});
