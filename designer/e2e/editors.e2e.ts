import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSession, type Session } from './browser';
import { logIn } from './support';

/** `shared/conformance` beside the repository (models written by others). */
const CONFORMANCE = join(import.meta.dirname, '..', '..', '..', 'shared', 'conformance');

const ids = (xml: string) => new Set([...xml.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!));

/**
 * Issue #6, on the real runtime: an item manager logs in, searches the library, opens the procedure sandbox, adds a
 * user task from the palette, sees the "no candidate groups" lint error come and go, and opens and exports every
 * conformance model without losing an element. No fixed sleeps: every step waits for what it needs.
 */
describe('designer editors › procedure canvas', () => {
  let session: Session;
  const baseUrl = inject('baseUrl');

  beforeAll(async () => {
    session = await openSession();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await session.screenshot(`failed-${context.task.name.slice(0, 40)}`);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('logs in as an item manager and searches the library by pinyin initials', async () => {
    const { page } = session;
    // 1. the login page is in Chinese and offers the demo users
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('heading', { name: '登录事项设计器' }).waitFor();
    await page.getByText('city.manager').first().waitFor();
    // 2. log in as the city's item manager; the library shows the whole catalogue
    await logIn(page, baseUrl, 'city.manager');
    await page.waitForURL(/\/library$/);
    await page.getByTestId('library-tree').waitFor();
    await expect.poll(() => page.getByTestId('library-count').textContent(), { timeout: 30_000 }).toContain('共 896 项事项');
    // 3. search by pinyin initials answers as you type
    await page.getByTestId('library-search').fill('spjy');
    await page.locator('[data-item-code]').first().waitFor();
    const names = await page.locator('[data-item-code]').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.includes('食品经营'))).toBe(true);
    await session.screenshot('editors-01-library-search');
  });

  it('switches the interface to English and back to Chinese', async () => {
    const { page } = session;
    await expect.poll(() => page.getByTestId('menu-library').textContent()).toContain('事项库');
    await page.getByTestId('locale-switch').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'English' }).click();
    await expect.poll(() => page.getByTestId('menu-library').textContent()).toContain('Item library');
    await expect.poll(() => page.getByTestId('library-count').textContent()).toContain('896');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await session.screenshot('editors-02-library-english');
    // the choice outlives a reload
    await page.reload();
    await expect.poll(() => page.getByTestId('menu-library').textContent()).toContain('Item library');
    await page.getByTestId('locale-switch').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '中文' }).click();
    await expect.poll(() => page.getByTestId('menu-library').textContent()).toContain('事项库');
    expect(session.errors).toEqual([]);
  });

  it('is usable from the keyboard: search, move down the tree, open an item', async () => {
    const { page } = session;
    await page.getByTestId('menu-library').click();
    await page.getByTestId('library-search').fill('spjy');
    await page.locator('[data-item-code]').first().waitFor();
    // ↓ from the search box enters the tree (WAI-ARIA tree: ↑/↓ move, → opens, Enter activates)
    await page.getByTestId('library-search').press('ArrowDown');
    let opened = false;
    for (let step = 0; step < 6 && !opened; step += 1) {
      const focused = await page.evaluate(() => document.activeElement?.querySelector('[data-item-code]')?.getAttribute('data-item-code') ?? null);
      if (focused) {
        await page.keyboard.press('Enter');
        opened = true;
      } else await page.keyboard.press('ArrowDown');
    }
    expect(opened).toBe(true);
    await page.waitForURL(/\/items\/[A-Z0-9]+/);
    await expect.poll(() => page.getByTestId('item-title').textContent()).toContain('食品经营');
    expect(session.errors).toEqual([]);
  });

  it('adds a user task, flags it without candidate groups and clears the flag when one is set', async () => {
    const { page } = session;
    // 1. open the canvas with the sample procedure
    await page.getByTestId('menu-procedure').click();
    await page.waitForURL(/\/procedure$/);
    const entry = page.locator('.djs-palette .entry[data-action="create.user-task"]');
    await entry.waitFor();
    await page.locator('[data-element-id="decide"]').first().waitFor();
    // the palette offers only what the engine runs
    expect(await page.locator('.djs-palette .entry[data-action="create.data-object"]').count()).toBe(0);
    expect(await page.locator('.djs-palette .entry[data-action="create.participant-expanded"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="problems-panel"] [data-rule="tongban/user-task-candidate-groups"]').count()).toBe(0);

    // 2. create a user task below the sample from the palette (click, then click on the canvas)
    const canvas = await page.getByTestId('bpmn-canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    await entry.click();
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height - 120, { steps: 4 });
    await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height - 120);

    // 3. the linter flags the new task on the canvas and in the problems panel
    const problem = page.locator('[data-testid="problems-panel"] [data-rule="tongban/user-task-candidate-groups"]');
    await problem.first().waitFor();
    const taskId = await problem.first().getAttribute('data-element-id');
    expect(taskId).toMatch(/^Activity_/);
    await expect.poll(() => problem.first().textContent()).toContain('用户任务未设置候选组');
    await page.locator(`.djs-overlay-container .djs-overlays[data-container-id="${taskId}"] .bjsl-overlay`).waitFor();
    await session.screenshot('editors-03-sandbox-lint-error');

    // 4. set a candidate group in the properties panel (the task is selected after creation)
    const group = page.locator('[data-group-id="group-assignmentDefinition"]');
    await group.waitFor();
    if (!(await group.locator('.bio-properties-panel-group-entries.open').count())) {
      await group.locator('.bio-properties-panel-group-header').click();
    }
    const candidateGroups = page.locator('#bio-properties-panel-assignmentDefinitionCandidateGroups');
    await candidateGroups.waitFor();
    await candidateGroups.fill('reviewer');

    // 5. the error disappears
    await problem.first().waitFor({ state: 'detached' });
    await session.screenshot('editors-04-sandbox-lint-cleared');
    expect(session.errors).toEqual([]);
  });

  it('opens models drawn elsewhere, flags what the engine does not run and exports them whole', async () => {
    const { page } = session;
    await page.getByTestId('menu-procedure').click();
    await page.waitForURL(/\/procedure$/);
    const input = page.locator('input[type="file"][accept*=".bpmn"]');

    // 1. a Camunda Modeler model with zeebe extensions opens and lints
    await input.setInputFiles(join(CONFORMANCE, 'camunda8', 'bpmn-js-properties-panel', 'Forms.bpmn'));
    await page.locator('.djs-element[data-element-id="NO_FORM_ZEEBE_USER_TASK"]').waitFor();

    // 2. the MIWG analytic-conformance model (ISO-8859-1, pools, signals, escalations, conditions) opens too
    const miwg = join(CONFORMANCE, 'bpmn-miwg', 'reference', 'B.2.0.bpmn');
    await input.setInputFiles(miwg);
    const unsupported = page.locator('[data-testid="problems-panel"] [data-rule="tongban/unsupported-element"]');
    await unsupported.first().waitFor();
    expect(await unsupported.count()).toBeGreaterThanOrEqual(5);
    expect(await page.getByText('无法打开该 BPMN 文件').count()).toBe(0);
    await session.screenshot('editors-05-import-miwg-unsupported');

    // 3. exporting writes back every element of the original
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bpmn-export').click()]);
    const exported = readFileSync(await download.path(), 'utf8');
    const before = ids(readFileSync(miwg, 'latin1'));
    const after = ids(exported);
    expect([...before].filter((id) => !after.has(id))).toEqual([]);
    expect(session.errors).toEqual([]);
  });

  it('imports and exports every conformance model without an error or a lost element', async () => {
    const { page } = session;
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : name.endsWith('.bpmn') ? [path] : [];
      });
    })(CONFORMANCE);
    expect(files.length).toBeGreaterThanOrEqual(40);
    const editor = page.getByTestId('bpmn-editor');
    const input = page.locator('input[type="file"][accept*=".bpmn"]');
    const failures: string[] = [];
    for (const file of files) {
      const count = Number(await editor.getAttribute('data-imports'));
      await input.setInputFiles(file);
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="bpmn-editor"]')?.getAttribute('data-imports')) > n, count);
      if ((await editor.getAttribute('data-import-ok')) !== 'true') {
        failures.push(`${file}: import failed`);
        continue;
      }
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bpmn-export').click()]);
      const after = ids(readFileSync(await download.path(), 'utf8'));
      const lost = [...ids(readFileSync(file, 'latin1'))].filter((id) => !after.has(id));
      if (lost.length > 0) failures.push(`${file}: lost ${lost.slice(0, 5).join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});
