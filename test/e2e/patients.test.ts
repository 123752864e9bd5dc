import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClinicInBrowser, login, messages, newContext, text } from './browser.js';

const en = messages('en');

describe('registering and finding patients', () => {
  const env = demoClinicInBrowser();
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext(env.browser, env.server.url, 'en');
    page = await context.newPage();
    await login(page, 'nurse@demo.clinic');
  });
  afterAll(async () => {
    await context?.close();
  });

  async function search(query: string): Promise<void> {
    await page.goto('/');
    const box = page.getByRole('searchbox', { name: text(en, 'patients.searchLabel') });
    await box.fill(query);
    await page.waitForURL((url) => url.searchParams.get('q') === query);
    await page.waitForLoadState('networkidle');
  }

  it('explains what is missing before sending an incomplete form', { timeout: 60_000 }, async () => {
    await page.goto('/patients/new');
    await page.getByLabel(text(en, 'patient.givenName')).fill('Only');
    await page.getByLabel(text(en, 'patient.dateOfBirth')).fill('2999-01-01');
    await page.getByLabel(text(en, 'patient.email')).fill('not-an-email');
    await page.getByRole('button', { name: text(en, 'patientForm.submit') }).click();
    const body = page.locator('main');
    await expect(body.getByText(text(en, 'validation.fullName')).count()).resolves.toBe(1);
    await expect(body.getByText(text(en, 'validation.dateOfBirth.future')).count()).resolves.toBe(1);
    await expect(body.getByText(text(en, 'validation.email')).count()).resolves.toBe(1);
    expect(new URL(page.url()).pathname).toBe('/patients/new');
  });

  it('lets a nurse register a patient with an Arabic name and opens the new record', {
    timeout: 60_000,
  }, async () => {
    await page.goto('/');
    await page.getByRole('link', { name: text(en, 'patients.new') }).click();
    await page.waitForURL('**/patients/new');
    await page.getByLabel(text(en, 'patient.givenName')).fill('Fatimah');
    await page.getByLabel(text(en, 'patient.familyName')).fill('Al-Zahraa');
    await page.getByLabel(text(en, 'patient.givenNameAr')).fill('فاطمة');
    await page.getByLabel(text(en, 'patient.familyNameAr')).fill('الزهراء');
    await page.getByLabel(text(en, 'patient.dateOfBirth')).fill('1987-03-09');
    await page.getByLabel(text(en, 'patient.sex')).selectOption('female');
    await page.getByLabel(text(en, 'patient.phone')).fill('+966 50 765 4321');
    await page.getByLabel(text(en, 'patient.email')).fill('fatimah@example.org');
    await page.getByLabel(text(en, 'patient.preferredLanguage')).selectOption('ar');
    await page.getByRole('button', { name: text(en, 'patientForm.submit') }).click();

    await page.waitForURL(/\/patients\/(?!new)[^/]+$/);
    const title = page.getByTestId('patient-name');
    await title.waitFor();
    await expect(title.textContent()).resolves.toBe('Fatimah Al-Zahraa');
    const main = page.locator('main');
    await expect(main.getByText('فاطمة الزهراء').count()).resolves.toBeGreaterThan(0);
    await expect(main.getByText('March 9, 1987').count()).resolves.toBe(1);
    await expect(page.getByTestId('patient-mrn').textContent()).resolves.toMatch(/\S/);
  });

  it('finds the patient by Arabic name however the ta marbuta is written', { timeout: 60_000 }, async () => {
    await search('فاطمه');
    const table = page.getByTestId('patient-table');
    await table.getByRole('link', { name: 'Fatimah Al-Zahraa' }).waitFor();
    await expect(table.getByRole('link', { name: 'Fatimah Al-Zahraa' }).count()).resolves.toBe(1);
    await expect(table.locator('tbody tr').count()).resolves.toBe(1);
  });

  it('finds a patient by Arabic name written without hamza', { timeout: 60_000 }, async () => {
    await search('احمد');
    const table = page.getByTestId('patient-table');
    await table.getByRole('link', { name: 'Ahmed Al-Rashid' }).waitFor();
    await expect(table.getByRole('link', { name: 'Ahmed Al-Rashid' }).count()).resolves.toBe(1);
  });

  it('shows a helpful empty state when nothing matches', { timeout: 60_000 }, async () => {
    await search('zzzz-nobody');
    await page.getByTestId('patients-empty').waitFor();
    await expect(page.getByTestId('patients-empty').count()).resolves.toBe(1);
    await expect(page.getByTestId('patient-table').count()).resolves.toBe(0);
  });

  it('creates a portal invitation link for the patient', { timeout: 60_000 }, async () => {
    await search('Fatimah');
    await page.getByRole('link', { name: 'Fatimah Al-Zahraa' }).click();
    await page.waitForURL(/\/patients\//);
    await page.getByRole('button', { name: text(en, 'patientView.invite') }).click();
    const link = page.getByTestId('invite-link');
    await link.waitFor();
    const url = await link.inputValue();
    expect(url.startsWith(`${env.server.url}/invite/`)).toBe(true);
  });
});
