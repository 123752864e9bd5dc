import { describe, expect, it } from 'vitest';
import { demoClinicInBrowser, login, messages, newContext, text } from './browser.js';

const en = messages('en');

describe('the reminders outbox', () => {
  const env = demoClinicInBrowser();

  it('lists the demo patient’s waiting reminders for a nurse, filters them and links to the patient', {
    timeout: 60_000,
  }, async () => {
    const context = await newContext(env.browser, env.server.url, 'en');
    const page = await context.newPage();
    await login(page, 'nurse@demo.clinic');
    await page
      .getByTestId('main-nav')
      .getByRole('link', { name: text(en, 'nav.outbox') })
      .click();
    await page.waitForURL('**/outbox');
    const rows = page.getByTestId('outbox-row');
    await rows.first().waitFor();
    // No mail server in tests: every reminder waits, for patient@demo.clinic.
    await expect(
      page.locator('[data-testid="outbox-row"]:not([data-status="pending"])').count(),
    ).resolves.toBe(0);
    await expect(rows.first().getByTestId('outbox-patient-link').textContent()).resolves.toBe(
      'patient@demo.clinic',
    );
    await expect(page.locator('[data-testid="outbox-row"][data-kind="appointment"]').count()).resolves.toBe(
      1,
    );

    await page.getByTestId('outbox-filter').getByText(text(en, 'outboxStatus.sent'), { exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'sent');
    await page.getByTestId('outbox-empty').waitFor();
    await expect(rows.count()).resolves.toBe(0);

    await page.goBack();
    await rows.first().getByTestId('outbox-patient-link').click();
    await page.waitForURL(/\/patients\/[^/]+$/);
    await page.getByTestId('patient-name').waitFor();
    await context.close();
  });

  it('is neither offered nor shown to a physician, whom the server refuses', {
    timeout: 60_000,
  }, async () => {
    const context = await newContext(env.browser, env.server.url, 'en');
    const page = await context.newPage();
    await login(page, 'physician@demo.clinic');
    await page.getByTestId('main-nav').waitFor();
    await expect(page.getByTestId('nav-outbox').count()).resolves.toBe(0);
    await page.goto('/outbox');
    await page.waitForURL((url) => url.pathname === '/');
    expect((await page.request.get('/api/outbox')).status()).toBe(403);
    await context.close();
  });
});
