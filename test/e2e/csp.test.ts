import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoClinicInBrowser } from './browser.js';

describe('the app under its strict Content-Security-Policy', () => {
  const env = demoClinicInBrowser();

  it('signs in and shows patients with no policy violation and no console error', {
    timeout: 60_000,
  }, async () => {
    // No bypassCSP here: the browser enforces exactly what the server sends.
    const context = await env.browser.newContext({
      baseURL: env.server.url,
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // The signed-out check of /api/auth/me answers 401 by design; anything else is a problem.
      if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await context.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
    const response = await page.goto('/login');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('input[type="email"]').fill('nurse@demo.clinic');
    await page.locator('input[type="password"]').fill(DEMO_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.getByTestId('patient-table').waitFor();
    await page.goto('/patients/new');
    await page.locator('input').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(problems).toEqual([]);
    await context.close();
  });
});
