import { describe, expect, it } from 'vitest';
import { demoClinicInBrowser, htmlAttributes, login, messages, newContext, settle, text } from './browser.js';

const en = messages('en');
const ar = messages('ar');

describe('Arabic, right to left', () => {
  const env = demoClinicInBrowser();

  it('switches the staff console to Arabic and mirrors the layout', { timeout: 60_000 }, async () => {
    const context = await newContext(env.browser, env.server.url, 'en');
    const page = await context.newPage();
    await login(page, 'admin@demo.clinic');
    await page.getByTestId('patient-table').waitFor();
    await expect(htmlAttributes(page)).resolves.toEqual({ lang: 'en', dir: 'ltr' });
    const nav = page.getByTestId('main-nav');
    const ltrBox = await nav.boundingBox();

    await page.getByTestId('language-switch').click();
    await page.waitForFunction("document.documentElement.dir === 'rtl'");
    await settle(page);
    await expect(htmlAttributes(page)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });
    const rtlBox = await nav.boundingBox();
    expect(ltrBox && rtlBox).toBeTruthy();
    if (!ltrBox || !rtlBox) return;
    expect(rtlBox.x).toBeGreaterThan(ltrBox.x);
    // The navigation sits against the right edge of the window.
    const viewport = page.viewportSize();
    expect(Math.round(rtlBox.x + rtlBox.width)).toBe(viewport?.width);

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      text(ar, 'patients.title'),
    );
    await expect(nav.getByRole('link', { name: text(ar, 'nav.patients') }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: text(ar, 'shell.logout') }).count()).resolves.toBe(1);
    // Arabic names lead in Arabic; the count uses Arabic plural forms.
    await expect(
      page.getByTestId('patient-table').getByRole('link', { name: 'مريم السيد' }).count(),
    ).resolves.toBe(1);
    await expect(page.getByTestId('patient-count').textContent()).resolves.toMatch(/مرضى|مريض/);

    // The choice survives a reload.
    await page.reload();
    await page.getByTestId('patient-table').waitFor();
    await expect(htmlAttributes(page)).resolves.toEqual({ lang: 'ar', dir: 'rtl' });

    // Hijri dates appear beside Gregorian ones for Arabic readers.
    await page.getByTestId('patient-table').getByRole('link', { name: 'مريم السيد' }).click();
    await page.getByTestId('patient-name').waitFor();
    await expect(page.getByTestId('hijri-date').first().textContent()).resolves.toContain('هـ');

    await page.getByTestId('language-switch').click();
    await page.waitForFunction("document.documentElement.dir === 'ltr'");
    await expect(htmlAttributes(page)).resolves.toEqual({ lang: 'en', dir: 'ltr' });
    await expect(page.getByTestId('hijri-date').count()).resolves.toBe(0);
    await context.close();
  });

  it('offers the language switch before signing in', { timeout: 60_000 }, async () => {
    const context = await newContext(env.browser, env.server.url);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('heading', { level: 1 }).waitFor();
    if ((await htmlAttributes(page)).lang !== 'ar') await page.getByTestId('language-switch').click();
    await page.waitForFunction("document.documentElement.dir === 'rtl'");
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      text(ar, 'login.title'),
    );
    await expect(page.getByRole('button', { name: text(ar, 'login.submit') }).count()).resolves.toBe(1);
    expect(text(ar, 'login.title')).not.toBe(text(en, 'login.title'));
    await context.close();
  });
});
