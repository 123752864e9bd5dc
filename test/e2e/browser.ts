import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../support/server.js';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');
export const DEMO_PASSWORD = 'cellpath-demo';
export type Lang = 'en' | 'ar';

/**
 * The demo clinic's server and one browser for a test file: started before its tests, closed
 * after them. Read `env.server` and `env.browser` inside tests and hooks.
 */
export function demoClinicInBrowser(): { readonly server: RunningServer; readonly browser: Browser } {
  const env = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    [env.server, env.browser] = await Promise.all([startTestServer({ demo: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser profile pointed at the server. `lang` pre-sets the stored language choice, as if the
 * person had picked it earlier. CSP is bypassed only so axe-core can be injected.
 */
export async function newContext(browser: Browser, baseURL: string, lang?: Lang): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    bypassCSP: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'Asia/Riyadh',
  });
  if (lang) {
    // A string script: this file is type-checked without DOM types.
    await context.addInitScript({
      content: `if (!localStorage.getItem('cellpath.lang')) localStorage.setItem('cellpath.lang', ${JSON.stringify(lang)});`,
    });
  }
  context.setDefaultTimeout(10_000);
  return context;
}

export async function htmlAttributes(page: Page): Promise<{ lang: string | null; dir: string | null }> {
  const html = page.locator('html');
  return { lang: await html.getAttribute('lang'), dir: await html.getAttribute('dir') };
}

type Messages = { [key: string]: string | Messages };

/** The UI strings, read from the same files the app is built with. */
export function messages(lang: Lang): Messages {
  return JSON.parse(readFileSync(path.resolve(`content/locales/${lang}.json`), 'utf8')) as Messages;
}

/** A string by dotted key, e.g. `text(en, 'login.submit')`. */
export function text(m: Messages, key: string): string {
  let node: string | Messages | undefined = m;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`No UI string for ${key}`);
  return node;
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Waits until fonts are loaded and nothing is spinning, so screenshots and axe see the settled page. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.waitForFunction("!document.querySelector('.mantine-Loader-root')");
}

export async function screenshot(page: Page, screen: string, lang: Lang): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await settle(page);
  await page.evaluate('window.scrollTo(0, 0)');
  const file = path.join(SCREENSHOT_DIR, `${screen}-${lang}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
};

/** Runs axe-core on the page; returns violations of impact serious or critical. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await settle(page);
  const hasAxe = await page.evaluate("typeof window.axe === 'object'");
  if (!hasAxe) await page.addScriptTag({ path: AXE_PATH });
  const violations = (await page.evaluate(
    "window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
  )) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(screen: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `[${screen}] ${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}
