/**
 * What the journeys share: the demo password, logging in through the login page, and `@tongban/client` callers
 * logged in as demo users (their tokens are kept: the runtime's login route allows 20 logins a minute per address).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createClient, type TongbanClient } from '@tongban/client';
import { ARTIFACTS } from './browser';

/** Every demo user's password (README: Demo users). */
export const DEMO_PASSWORD = 'tongban2026';

const tokens = new Map<string, string>();

/** A client of the runtime at `baseUrl` logged in as `username` (a demo user). */
export async function clientAs(baseUrl: string, username: string): Promise<TongbanClient> {
  let token = tokens.get(`${baseUrl} ${username}`);
  if (!token) {
    token = (await createClient({ baseUrl }).auth.login(username, DEMO_PASSWORD)).token;
    tokens.set(`${baseUrl} ${username}`, token);
  }
  return createClient({ baseUrl, token });
}

/**
 * Logs in on the login page (typing the user name and password, as a person does) and waits until the app has left
 * the login page. Answers the time it took from the click to the first page after it.
 */
export async function logIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Logs out by forgetting the session (the next page load shows the login page). */
export async function logOut(page: Page): Promise<void> {
  await page.evaluate(() => window.sessionStorage.clear());
}

/** Appends a measurement to `designer/test-artifacts/measurements.log` and prints it. */
export function record(line: string): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  const stamped = `${new Date().toISOString()} ${line}`;
  appendFileSync(join(ARTIFACTS, 'measurements.log'), `${stamped}\n`);
  console.log(`[designer-e2e] ${line}`);
}

/** A one-page PDF, as a material file. */
export function pdf(text = 'Tongban e2e material'): Blob {
  return new Blob([`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`], { type: 'application/pdf' });
}
