import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  demoClinicInBrowser,
  type Lang,
  login,
  messages,
  newContext,
  screenshot,
  text,
} from './browser.js';
import { clinicDatePlus, readyForSessionDay } from './care.js';

const en = messages('en');

/** The session's state as the day screen shows it, once it has reached `state`. */
async function reached(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="day-state"][data-state="${state}"]`).waitFor();
}

/** Types into the focused scan field as a keyboard-wedge scanner does, then Enter. */
async function scan(page: Page, label: string, handOff?: string): Promise<string> {
  if (handOff) await page.getByTestId('scan-hand-off').selectOption(handOff);
  const field = page.getByTestId('scan-field');
  await field.focus();
  const before = await page.getByTestId('scan-outcome').count();
  const previous = before ? await page.getByTestId('scan-outcome').textContent() : null;
  await page.keyboard.type(label);
  await page.keyboard.press('Enter');
  await page.waitForFunction((prev) => {
    const el = document.querySelector('[data-testid="scan-outcome"]');
    return !!el && el.textContent !== prev && !document.querySelector('[data-testid="scan-field"]:disabled');
  }, previous);
  await expect(field.inputValue()).resolves.toBe('');
  return (await page.getByTestId('scan-outcome').getAttribute('data-ok')) ?? '';
}

describe('the session day of a knee bone-marrow patient', () => {
  const env = demoClinicInBrowser();

  it('runs from check-in through harvest, lab, release, bedside check and injection to discharge', {
    timeout: 90_000,
  }, async () => {
    const ready = await readyForSessionDay(env.browser, env.server.url, {
      givenName: 'Mariam',
      familyName: 'Saeed',
      givenNameAr: 'مريم',
      familyNameAr: 'سعيد',
      email: 'mariam.saeed@example.org',
    });
    const people = async (email: string, lang: Lang) => {
      const context = await newContext(env.browser, env.server.url, lang);
      const page = await context.newPage();
      await login(page, email);
      return { context, page };
    };
    const [nurse, physician, lab, observer] = await Promise.all([
      people('nurse@demo.clinic', 'en'),
      people('physician@demo.clinic', 'en'),
      people('lab@demo.clinic', 'en'),
      people('coordinator@demo.clinic', 'ar'),
    ]);
    const dayUrl = `/sessions/${ready.sessionId}/day?patient=${ready.patientId}`;
    /** The day screen in Arabic at this point, for people to look at. */
    const arabic = async (screen: string, state: string) => {
      await observer.page.goto(dayUrl);
      await reached(observer.page, state);
      await screenshot(observer.page, screen, 'ar');
    };

    // The nurse opens the session from the patient's plan and checks the patient in.
    const n = nurse.page;
    await n.goto(`/patients/${ready.patientId}?tab=plans`);
    await n.getByTestId('session-day-link').first().click();
    await reached(n, 'booked');
    await screenshot(n, 'day-booked', 'en');
    await n.getByTestId('event-check_in').click();
    await reached(n, 'checked_in');

    // The time-out: completing it early is refused; the recorded items already pass from the records.
    const item = (code: string) => n.locator(`[data-testid="timeout-item"][data-item="${code}"]`);
    for (const recorded of ['consent_valid', 'preparation_verified', 'imaging_on_file']) {
      await expect(item(recorded).getAttribute('data-status')).resolves.toBe('passed');
      await expect(item(recorded).getByTestId('timeout-confirm').count()).resolves.toBe(0);
    }
    await n.getByTestId('event-complete_checks').click();
    await n.locator('[data-testid="refusal"][data-code="timeout_incomplete"]').waitFor();
    await screenshot(n, 'day-timeout', 'en');
    await arabic('day-timeout', 'checked_in');
    for (const confirmed of ['identity_two_identifiers', 'allergies_reviewed', 'site_laterality_confirmed']) {
      await item(confirmed).getByTestId('timeout-confirm').click();
      await n
        .locator(`[data-testid="timeout-item"][data-item="${confirmed}"][data-status="passed"]`)
        .waitFor();
    }
    await n.locator('[data-testid="timeout-complete"][data-complete="true"]').waitFor();
    await n.getByTestId('event-complete_checks').click();
    await reached(n, 'checks_done');

    // A nurse may not start the harvest: the server's refusal is shown; the physician starts it.
    await n.getByTestId('event-start_harvest').click();
    await n.locator('[data-testid="refusal"][data-code="wrong_role"]').waitFor();
    const p = physician.page;
    await p.goto(dayUrl);
    await p.getByTestId('event-start_harvest').click();
    await reached(p, 'harvesting');
    const harvest = p.getByTestId('harvest-form');
    await harvest.getByLabel(text(en, 'day.harvest.agent')).fill('lidocaine 1%');
    await harvest.getByLabel(text(en, 'day.harvest.doseMg')).fill('100');
    await harvest.getByLabel(text(en, 'day.harvest.volumeMl')).fill('60');
    // The harvest started when the button was pressed (the form's default) and ends 30 minutes later.
    const started = await harvest.getByLabel(text(en, 'day.harvest.startedAt')).inputValue();
    const ended = new Date(`${started}:00Z`);
    ended.setUTCMinutes(ended.getUTCMinutes() + 30);
    await harvest.getByLabel(text(en, 'day.harvest.endedAt')).fill(ended.toISOString().slice(0, 16));
    await p.getByTestId('harvest-submit').click();
    await reached(p, 'harvested');

    // The product: its eye-readable DIN with the boxed check character, the label with two barcodes.
    const eye = ((await p.getByTestId('product-din').textContent()) ?? '').replace(/\s+/g, '');
    expect(eye).toMatch(/^[A-Z0-9]{5}\d{8}[0-9A-Z*]$/);
    const din = eye.slice(0, -1);
    const check = eye.slice(-1);
    await expect(p.getByTestId('product-check').textContent()).resolves.toBe(check);
    const img = p.getByTestId('label-image');
    await p.waitForFunction(() => {
      const el = document.querySelector('[data-testid="label-image"]') as HTMLImageElement | null;
      return !!el && el.complete && el.naturalWidth > 0;
    });
    const svg = await p.request.get((await img.getAttribute('src')) ?? '');
    expect(svg.headers()['content-type']).toContain('image/svg+xml');
    const body = await svg.text();
    // The label's own <svg> plus one for each barcode (the linear DIN and the 2-D code).
    expect((body.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(3);
    await expect(p.getByTestId('product-trace-link').getAttribute('href')).resolves.toBe(
      `/products/${encodeURIComponent(`${din}${check}`)}/trace`,
    );
    await expect(p.getByTestId('print-wristband').getAttribute('href')).resolves.toBe(
      `/api/patients/${ready.patientId}/wristband.svg`,
    );
    await screenshot(p, 'day-harvested', 'en');
    await arabic('day-harvested', 'harvested');

    // The lab scans the product in: a mistyped identifier is refused, then the real one passes.
    const l = lab.page;
    await l.goto(dayUrl);
    await reached(l, 'harvested');
    await expect(
      l.evaluate(() => document.activeElement?.closest('[data-testid="scan-field"]') !== null),
    ).resolves.toBe(true);
    const mistyped = `${din.slice(0, -1)}${din.at(-1) === '9' ? '8' : '9'}${check}`;
    await expect(scan(l, mistyped)).resolves.toBe('false');
    await expect(l.getByTestId('scan-outcome').textContent()).resolves.toContain(
      text(en, 'day.scan.mistyped'),
    );
    await screenshot(l, 'day-scan-mistyped', 'en');
    await expect(scan(l, `${din}${check}`, 'processing_end')).resolves.toBe('false');
    await expect(l.getByTestId('scan-outcome').textContent()).resolves.toContain('Out of order');
    await expect(scan(l, `${din}${check}`, 'lab_receipt')).resolves.toBe('true');
    await expect(scan(l, `${din}${check}`, 'processing_start')).resolves.toBe('true');
    await l.getByTestId('event-start_processing').click();
    await reached(l, 'processing');
    await expect(scan(l, `${din}${check}`)).resolves.toBe('true');

    const processing = l.getByTestId('processing-form');
    await processing.getByLabel(text(en, 'day.processing.forceG')).fill('1200');
    await processing.getByLabel(text(en, 'day.processing.minutes')).fill('15');
    await processing.getByLabel(text(en, 'day.processing.inputVolumeMl')).fill('60');
    await processing.getByLabel(text(en, 'day.processing.outputVolumeMl')).fill('6');
    await processing.getByLabel(text(en, 'day.processing.cells')).fill('400');
    await processing.getByLabel(text(en, 'day.processing.viability')).fill('91');
    await processing.getByLabel(text(en, 'day.processing.sterility')).check();
    await l.getByTestId('processing-submit').click();
    await l.getByTestId('processing-saved').waitFor();
    await screenshot(l, 'day-processing', 'en');
    await arabic('day-processing', 'processing');

    // The physician releases it, signing with a password under the stated meaning.
    await p.goto(dayUrl);
    await reached(p, 'processing');
    await expect(p.getByTestId('release-meaning').textContent()).resolves.toContain(
      'I checked the processing record against the release criteria and release this product',
    );
    await p.getByLabel(text(en, 'day.release.password')).fill(DEMO_PASSWORD);
    await p.getByTestId('release-submit').click();
    await reached(p, 'released');
    await l.reload();
    await reached(l, 'released');
    await expect(scan(l, `${din}${check}`)).resolves.toBe('true');

    // At the bedside: another patient's wristband is a hard stop, with no way to continue.
    const list = (await (await p.request.get('/api/patients?page=1&pageSize=20')).json()) as {
      items: Array<{ id: string; mrn: string }>;
    };
    const other = list.items.find((x) => x.id !== ready.patientId);
    const facility = ready.wristband.split('-')[0];
    await p.getByTestId('bedside-wristband').fill(`${facility}-${other?.mrn}`);
    await p.getByTestId('bedside-label').fill(`${din}${check}`);
    await p.getByTestId('bedside-submit').click();
    const stop = p.getByTestId('bedside-stop');
    await stop.waitFor();
    await expect(stop.locator('[data-code="wrong_patient_wristband"]').count()).resolves.toBe(1);
    await expect(stop.getByRole('button').count()).resolves.toBe(0);
    await expect(p.getByRole('button', { name: /continue/i }).count()).resolves.toBe(0);
    await reached(p, 'released');
    await screenshot(p, 'day-bedside-stop', 'en');

    await p.getByTestId('bedside-wristband').fill(ready.wristband);
    await p.getByTestId('bedside-label').fill(`${din}${check}`);
    await p.getByTestId('bedside-submit').click();
    await reached(p, 'injecting');
    await expect(p.getByTestId('bedside-stop').count()).resolves.toBe(0);
    const injection = p.getByTestId('injection-form');
    await injection.getByLabel(text(en, 'day.injection.volumeMl')).fill('6');
    await p.getByTestId('injection-submit').click();
    await reached(p, 'injected');

    // Monitoring and discharge by the nurse: two sets of vital signs, then every criterion.
    await n.goto(dayUrl);
    await n.getByTestId('event-start_monitoring').click();
    await reached(n, 'monitoring');
    const vitals = n.getByTestId('vitals-form');
    for (const [systolic, heartRate] of [
      ['128', '76'],
      ['124', '72'],
    ] as const) {
      await vitals.getByLabel(text(en, 'vitals.systolic')).fill(systolic);
      await vitals.getByLabel(text(en, 'vitals.diastolic')).fill('78');
      await vitals.getByLabel(text(en, 'vitals.heartRate')).fill(heartRate);
      await vitals.getByLabel(text(en, 'vitals.spo2')).fill('98');
      await vitals.getByLabel(text(en, 'vitals.temperatureC')).fill('36.8');
      await vitals.getByLabel(text(en, 'vitals.painScore')).fill('2');
      const saved = n.waitForResponse((r) => r.url().endsWith('/vitals') && r.request().method() === 'POST');
      await n.getByTestId('vitals-submit').click();
      expect((await saved).status()).toBe(201);
    }
    await n.getByTestId('discharge-submit').click();
    await n.getByTestId('discharge-unmet').waitFor();
    await screenshot(n, 'day-monitoring', 'en');
    await arabic('day-monitoring', 'monitoring');
    const discharge = n.getByTestId('discharge-form');
    for (const c of [
      'vitalsStable',
      'painControlled',
      'noActiveBleeding',
      'walksUnaided',
      'escortPresent',
      'instructionsGiven',
    ])
      await discharge.getByLabel(text(en, `dischargeCriterion.${c}`)).check();
    await n.getByTestId('discharge-submit').click();
    await reached(n, 'discharged');
    await expect(n.locator('[data-testid="day-transition"]').count()).resolves.toBeGreaterThanOrEqual(10);
    await expect(n.getByTestId('duration-row').count()).resolves.toBeGreaterThanOrEqual(3);
    await screenshot(n, 'day-discharged', 'en');
    await arabic('day-discharged', 'discharged');

    // The discharge instructions, printed in the patient's language (Arabic) for an English-reading nurse.
    await n.getByTestId('discharge-instructions-link').click();
    const sheet = n.getByTestId('discharge-sheet');
    await sheet.waitFor();
    await expect(sheet.getAttribute('dir')).resolves.toBe('rtl');
    await expect(sheet.getAttribute('lang')).resolves.toBe('ar');
    await screenshot(n, 'discharge-instructions', 'en');

    // The patient's record lists the product they received, with its trace.
    await n.goto(`/patients/${ready.patientId}`);
    const received = n.locator(`[data-testid="product-received"][data-din="${din}"]`);
    await received.waitFor();
    await received.getByRole('link').click();
    await n.locator('[data-testid="trace-hand-off"][data-kind="administered"]').waitFor();
    await n.getByTestId('trace-patient').waitFor();
    await screenshot(n, 'product-trace-administered', 'en');

    // The board of the session's day, in both languages.
    const date = clinicDatePlus(21);
    await n.goto(`/board?date=${date}`);
    await n.locator(`[data-testid="board-card"][data-state="discharged"]`).first().waitFor();
    await screenshot(n, 'board', 'en');
    await observer.page.goto(`/board?date=${date}`);
    await observer.page.getByTestId('board-card').first().waitFor();
    await screenshot(observer.page, 'board', 'ar');

    await Promise.all([nurse, physician, lab, observer].map((x) => x.context.close()));
  });
});
