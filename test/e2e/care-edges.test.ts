import { describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  demoClinicInBrowser,
  login,
  messages,
  newContext,
  screenshot,
  text,
} from './browser.js';
import { acceptInvite, bookKneePatient, registerWithIntake } from './care.js';

const en = messages('en');

describe('the edges of the care path', () => {
  const env = demoClinicInBrowser();

  it('asks a physician signing "suitable" over an exclusion for the reason, and shows it', {
    timeout: 60_000,
  }, async () => {
    const { patientId } = await registerWithIntake(
      env.browser,
      env.server.url,
      { givenName: 'Omar', familyName: 'Saeed' },
      { activeInfection: true },
    );
    const context = await newContext(env.browser, env.server.url, 'en');
    const page = await context.newPage();
    await login(page, 'physician@demo.clinic');
    await page.goto(`/patients/${patientId}?tab=screening`);
    await page
      .locator('[data-testid="finding"][data-code="active_infection"][data-severity="exclude"]')
      .waitFor();
    await expect(page.getByTestId('screening-overall').getAttribute('data-overall')).resolves.toBe('exclude');

    const form = page.getByTestId('decision-form');
    const reason = form.getByRole('textbox', { name: text(en, 'decision.overrideReason') });
    // No reason is asked for "unsuitable"; choosing "suitable" over the exclusion asks for one.
    await form.getByLabel(text(en, 'decision.unsuitable'), { exact: true }).check();
    await expect(reason.count()).resolves.toBe(0);
    await form.getByLabel(text(en, 'decision.suitable'), { exact: true }).check();
    await reason.waitFor();
    await expect(reason.evaluate((el) => (el as HTMLTextAreaElement).required)).resolves.toBe(true);

    // Signing without it is refused with the reason's own message, and nothing is recorded.
    await form.locator('input[type="password"]').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: text(en, 'decision.submit') }).click();
    await form.getByText(text(en, 'decision.overrideRequired')).waitFor();
    await expect(reason.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByTestId('decision-value').count()).resolves.toBe(0);

    // With the reason the decision is signed and shows it.
    const why = 'Infection was a treated cellulitis of the forearm, far from the knee; reviewed in clinic.';
    await reason.fill(why);
    await form.locator('input[type="password"]').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: text(en, 'decision.submit') }).click();
    await page.locator('[data-testid="decision-value"][data-decision="suitable"]').waitFor();
    const decision = page.getByTestId('screening-decision');
    await expect(
      decision.getByText(text(en, 'decision.overrideReason'), { exact: true }).count(),
    ).resolves.toBe(1);
    await expect(decision.getByText(why).count()).resolves.toBe(1);
    await screenshot(page, 'edge-override-decision', 'en');
    await context.close();
  });

  it('lets a patient upload imaging from the portal checklist, and a nurse then sees the file', {
    timeout: 60_000,
  }, async () => {
    const email = 'layla.imaging@example.org';
    const password = 'a long enough passphrase';
    const booked = await bookKneePatient(env.browser, env.server.url, {
      givenName: 'Layla',
      familyName: 'Nasser',
      givenNameAr: 'ليلى',
      familyNameAr: 'ناصر',
      email,
    });
    await acceptInvite(env.browser, env.server.url, booked.inviteUrl, password);

    const patientContext = await newContext(env.browser, env.server.url, 'en');
    const portal = await patientContext.newPage();
    await login(portal, email, password);
    await portal.goto(`/portal/preparation/${booked.sessionId}`);
    const imaging = portal.locator('[data-testid="prep-task"][data-code="imaging_on_file"]');
    await imaging.waitFor();
    await expect(imaging.getByTestId('task-file').count()).resolves.toBe(0);
    await imaging.locator('input[type="file"]').setInputFiles({
      name: 'mri.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF'),
    });
    await imaging.getByTestId('task-file').filter({ hasText: 'mri.pdf' }).waitFor();
    await expect(imaging.getByTestId('task-file').count()).resolves.toBe(1);
    await screenshot(portal, 'edge-portal-upload', 'en');
    await patientContext.close();

    const nurseContext = await newContext(env.browser, env.server.url, 'en');
    const nurse = await nurseContext.newPage();
    await login(nurse, 'nurse@demo.clinic');
    await nurse.goto(`/sessions/${booked.sessionId}/preparation?patient=${booked.patientId}`);
    const staffImaging = nurse.locator('[data-testid="prep-task"][data-code="imaging_on_file"]');
    await staffImaging.waitFor();
    const file = staffImaging.getByTestId('task-file').filter({ hasText: 'mri.pdf' });
    await file.waitFor();
    // The link serves the patient's file to the nurse.
    const href = await file.getAttribute('href');
    const download = await nurse.request.get(href ?? '');
    expect(download.status()).toBe(200);
    expect((await download.text()).startsWith('%PDF-1.4')).toBe(true);
    await nurseContext.close();
  });
});
