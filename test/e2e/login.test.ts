import { describe, expect, it } from 'vitest';
import { demoClinicInBrowser, login, messages, newContext, text } from './browser.js';

const en = messages('en');
const STAFF = [
  { email: 'admin@demo.clinic', role: 'admin' },
  { email: 'physician@demo.clinic', role: 'physician' },
  { email: 'nurse@demo.clinic', role: 'nurse' },
  { email: 'lab@demo.clinic', role: 'lab_technician' },
  { email: 'coordinator@demo.clinic', role: 'coordinator' },
] as const;

describe('signing in', () => {
  const env = demoClinicInBrowser();

  it('sends a signed-out visitor to the sign-in page', { timeout: 60_000 }, async () => {
    const context = await newContext(env.browser, env.server.url, 'en');
    const page = await context.newPage();
    await page.goto('/patients/new');
    await page.waitForURL('**/login');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      text(en, 'login.title'),
    );
    await context.close();
  });

  for (const { email, role } of STAFF) {
    it(`takes the ${role} to the staff home with the clinic's real patients`, {
      timeout: 60_000,
    }, async () => {
      const context = await newContext(env.browser, env.server.url, 'en');
      const page = await context.newPage();
      await login(page, email);
      expect(new URL(page.url()).pathname).toBe('/');
      const table = page.getByTestId('patient-table');
      await table.waitFor();
      await expect(table.getByRole('link', { name: 'Mariam Al-Sayed' }).count()).resolves.toBe(1);
      await expect(table.getByRole('link', { name: 'Ahmed Al-Rashid' }).count()).resolves.toBe(1);
      await expect(page.getByTestId('current-user').textContent()).resolves.toContain(
        text(en, `roles.${role}`),
      );
      const nav = page.getByRole('navigation', { name: text(en, 'shell.navLabel') });
      await expect(nav.getByRole('link', { name: text(en, 'nav.patients') }).count()).resolves.toBe(1);
      await expect(nav.getByRole('link', { name: text(en, 'nav.staff') }).count()).resolves.toBe(
        role === 'admin' ? 1 : 0,
      );
      await context.close();
    });
  }

  it('takes a patient to their own portal, with their name and no staff navigation', {
    timeout: 60_000,
  }, async () => {
    const context = await newContext(env.browser, env.server.url, 'en');
    const page = await context.newPage();
    await login(page, 'patient@demo.clinic');
    expect(new URL(page.url()).pathname).toBe('/portal');
    const greeting = page.getByTestId('portal-greeting');
    await greeting.waitFor();
    await expect(greeting.textContent()).resolves.toContain('Mariam');
    // Only the patient's own pages: no staff navigation, no link to patients or staff.
    await expect(page.getByTestId('main-nav').count()).resolves.toBe(0);
    await expect(page.getByRole('navigation').getByRole('link').count()).resolves.toBe(4);
    await expect(page.locator('a[href="/staff"], a[href="/"], a[href="/protocols"]').count()).resolves.toBe(
      0,
    );
    // Staff pages send the patient back to the portal.
    await page.goto('/');
    await page.waitForURL('**/portal');
    await page.goto('/staff');
    await page.waitForURL('**/portal');
    await context.close();
  });

  it('says so when the password is wrong, and stays on the sign-in page', { timeout: 60_000 }, async () => {
    const context = await newContext(env.browser, env.server.url, 'en');
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('input[type="email"]').fill('coordinator@demo.clinic');
    await page.locator('input[type="password"]').fill('not-the-password');
    await page.locator('form button[type="submit"]').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(text(en, 'errors.invalid_credentials'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('signs out and then requires signing in again', { timeout: 60_000 }, async () => {
    const context = await newContext(env.browser, env.server.url, 'en');
    const page = await context.newPage();
    await login(page, 'nurse@demo.clinic');
    await page.getByRole('button', { name: text(en, 'shell.logout') }).click();
    await page.waitForURL('**/login');
    await page.goto('/');
    await page.waitForURL('**/login');
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
    await context.close();
  });
});
