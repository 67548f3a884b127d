/**
 * Launches Debian's Chromium with playwright-core (never a downloaded browser), headless, with a fresh profile,
 * and records console errors and page errors so a journey can assert there were none.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where screenshots and measurements go (`designer/test-artifacts/`, ignored by git). */
export const ARTIFACTS = join(new URL('..', import.meta.url).pathname, 'test-artifacts');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** A browser session: one context, one page, and what went wrong on it. */
export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Saves a full-page screenshot as `designer/test-artifacts/<name>.png`. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens Chromium on a fresh profile with a desktop-sized viewport. */
export async function openSession(): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'tongban-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    errors,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
