import { describe, expect, it } from 'vitest';
import { demoClinicInBrowser, htmlAttributes, login, messages, newContext, text } from './browser.js';

const en = messages('en');

describe('invitations', () => {
  const env = demoClinicInBrowser();

  it('lets an admin invite a physician who then sets a password and lands on the staff home', {
    timeout: 60_000,
  }, async () => {
    const admin = await newContext(env.browser, env.server.url, 'en');
    const page = await admin.newPage();
    await login(page, 'admin@demo.clinic');
    await page.getByRole('link', { name: text(en, 'nav.staff') }).click();
    await page.waitForURL('**/staff');
    await page.getByLabel(text(en, 'staff.email')).fill('rania.physician@demo.clinic');
    await page.getByLabel(text(en, 'staff.displayName')).fill('Dr. Rania Aziz');
    await page.getByLabel(text(en, 'staff.role')).selectOption('physician');
    await page.getByRole('button', { name: text(en, 'staff.inviteSubmit') }).click();
    const link = page.getByTestId('invite-link');
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/invite\/[^/]+$/);
    await admin.close();

    const invited = await newContext(env.browser, env.server.url, 'en');
    const next = await invited.newPage();
    await next.goto(url);
    await expect(next.getByTestId('invite-email').textContent()).resolves.toBe('rania.physician@demo.clinic');
    await next.locator('input[type="password"]').nth(0).fill('short');
    await next.getByLabel(text(en, 'invite.confirm')).fill('different');
    await next.getByRole('button', { name: text(en, 'invite.submit') }).click();
    await expect(next.getByText(text(en, 'validation.passwordMatch')).count()).resolves.toBe(1);
    await next.locator('input[type="password"]').nth(0).fill('a long enough passphrase');
    await next.getByLabel(text(en, 'invite.confirm')).fill('a long enough passphrase');
    await next.getByRole('button', { name: text(en, 'invite.submit') }).click();
    await next.waitForURL((u) => u.pathname === '/');
    await next.getByTestId('patient-table').waitFor();
    await expect(next.getByTestId('current-user').textContent()).resolves.toContain('Dr. Rania Aziz');

    // The link cannot be used twice.
    const again = await newContext(env.browser, env.server.url, 'en');
    const reuse = await again.newPage();
    await reuse.goto(url);
    await reuse.getByRole('heading', { name: text(en, 'invite.invalidTitle') }).waitFor();
    await again.close();
    await invited.close();
  });

  it('lets a patient accept a portal invitation and see their own portal', { timeout: 60_000 }, async () => {
    const nurse = await newContext(env.browser, env.server.url, 'ar');
    const page = await nurse.newPage();
    await login(page, 'nurse@demo.clinic');
    await page.getByTestId('patient-table').getByRole('link', { name: 'أحمد الراشد' }).click();
    await page.getByTestId('patient-name').waitFor();
    await page.locator('input[type="email"]').fill('ahmed.rashid@example.org');
    await page.locator('form button[type="submit"]').click();
    const url = await page.getByTestId('invite-link').inputValue();
    await nurse.close();

    const patient = await newContext(env.browser, env.server.url, 'ar');
    const portal = await patient.newPage();
    await portal.goto(url);
    await portal.getByTestId('invite-email').waitFor();
    await expect(htmlAttributes(portal)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
    await portal.locator('input[type="password"]').nth(0).fill('كلمة مرور طويلة بما يكفي');
    await portal.locator('input[type="password"]').nth(1).fill('كلمة مرور طويلة بما يكفي');
    await portal.locator('form button[type="submit"]').click();
    await portal.waitForURL('**/portal');
    const greeting = portal.getByTestId('portal-greeting');
    await greeting.waitFor();
    await expect(greeting.textContent()).resolves.toContain('أحمد');
    await patient.close();
  });
});
