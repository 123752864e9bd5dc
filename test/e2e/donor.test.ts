import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dinWithCheck, formatDin } from '../../src/domain/custody/din.js';
import { demoClinicInBrowser, type Lang, login, messages, newContext, screenshot, text } from './browser.js';
import { clinicDatePlus } from './care.js';

/** A product label as printed: the DIN followed by its check character. */
function label(sequence: number): { din: string; label: string; check: string } {
  const { din, check } = dinWithCheck(formatDin({ facilityCode: 'A9999', year: 2026, sequence }));
  return { din, check, label: `${din}${check}` };
}

/** Fills the receipt fields, then types the label into the scan field as a scanner does, then Enter. */
async function receive(page: Page, scanned: string, expires = `${clinicDatePlus(60)}T10:00`): Promise<void> {
  await page.getByTestId('receive-productCode').fill('S1234000');
  await page.getByTestId('receive-supplier').fill('Gulf Cord Blood Bank');
  await page.getByTestId('receive-lot').fill(`LOT-${scanned.slice(-4)}`);
  await page.getByTestId('receive-donorId').fill(`DNR-${scanned.slice(-6)}`);
  await page.getByTestId('receive-expiresAt').fill(expires);
  await page.getByTestId('receive-storageTemperature').fill('Below −150 °C');
  const field = page.getByTestId('receive-label');
  await field.fill('');
  await field.focus();
  await page.keyboard.type(scanned);
  await page.keyboard.press('Enter');
}

describe.each(['en', 'ar'] as const)('the donor product store in %s', (lang: Lang) => {
  const env = demoClinicInBrowser();
  const m = messages(lang);

  it('receives a scanned product, refuses a mistyped or expired one, quarantines, and traces', {
    timeout: 90_000,
  }, async () => {
    const context = await newContext(env.browser, env.server.url, lang);
    const page = await context.newPage();
    await login(page, 'lab@demo.clinic');
    await page.getByTestId('nav-donor-products').click();
    await page.waitForURL('**/donor-products');
    // The label field is the scan field: focused on arrival.
    await page.waitForFunction("document.activeElement?.getAttribute('data-testid') === 'receive-label'");

    const first = label(21);
    await receive(page, first.label);
    await page.getByTestId('receive-done').waitFor();
    const row = page.locator(`[data-testid="donor-row"][data-din="${first.din}"]`);
    await row.waitFor();
    await expect(row.getAttribute('data-status')).resolves.toBe('received');
    await expect(row.textContent()).resolves.toContain(first.check);

    // A mistyped identifier: its check character does not match.
    const wrongCheck = first.check === 'A' ? 'B' : 'A';
    await receive(page, `${label(23).din}${wrongCheck}`);
    const error = page.getByTestId('receive-error');
    await error.waitFor();
    await expect(error.getAttribute('data-code')).resolves.toBe('check_mismatch');
    await expect(error.textContent()).resolves.toContain(text(m, 'donor.mistyped'));

    // An expired product is refused too.
    await receive(page, label(24).label, `${clinicDatePlus(-2)}T10:00`);
    await page.locator('[data-testid="receive-error"][data-code="expired"]').waitFor();
    await expect(page.getByTestId('receive-error').textContent()).resolves.toContain(
      text(m, 'errors.expired'),
    );

    // A second product goes into quarantine.
    const second = label(22);
    await receive(page, second.label);
    const secondRow = page.locator(`[data-testid="donor-row"][data-din="${second.din}"]`);
    await secondRow.waitFor();
    await secondRow.getByTestId('donor-quarantine').click();
    await page.getByTestId('quarantine-reason').fill('Container seal broken on arrival');
    await page.getByTestId('quarantine-submit').click();
    await page
      .locator(`[data-testid="donor-row"][data-din="${second.din}"][data-status="quarantined"]`)
      .waitFor();
    await expect(secondRow.getByTestId('donor-quarantine').count()).resolves.toBe(0);
    await screenshot(page, 'donor-products', lang);

    // The trace, found by scanning the label into the search box.
    await page.getByTestId('trace-search').fill(first.label);
    await page.getByTestId('trace-search').press('Enter');
    await page.waitForURL(`**/products/${encodeURIComponent(first.label)}/trace`);
    await page.locator('[data-testid="trace-hand-off"][data-kind="received"]').waitFor();
    await expect(page.getByTestId('trace-hand-off').first().textContent()).resolves.toContain(
      text(m, 'handOffKind.received'),
    );
    await expect(page.getByTestId('trace-csv').getAttribute('href')).resolves.toBe(
      `/api/products/${encodeURIComponent(first.label)}/trace.csv`,
    );
    await screenshot(page, 'product-trace', lang);

    // And from the store's row.
    await page.goto('/donor-products');
    await page
      .locator(`[data-testid="donor-row"][data-din="${second.din}"]`)
      .getByTestId('donor-trace-link')
      .click();
    await page.locator('[data-testid="trace-hand-off"][data-kind="quarantined"]').waitFor();
    await context.close();
  });
});
