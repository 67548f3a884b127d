import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSession, type Session } from './browser';
import { logIn } from './support';

/**
 * Every page of the designer, opened by the administrator (who may open them all) on the real runtime: each shows
 * its content, without an error on screen or in the console, and is screenshotted (issue #6 points 5 and 6).
 */
describe('pages › every page opens without an error', () => {
  let session: Session;
  const baseUrl = inject('baseUrl');

  beforeAll(async () => {
    session = await openSession();
    await logIn(session.page, baseUrl, 'admin');
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await session.screenshot(`failed-${context.task.name.slice(0, 40)}`);
  });

  afterAll(async () => {
    await session?.close();
  });

  const pages: Array<{ name: string; path: string; ready: string }> = [
    { name: 'library', path: '/library', ready: '[data-testid="library-tree"]' },
    { name: 'item-elements', path: '/items/GG00003001/elements', ready: '[data-testid="item-issue-count"]' },
    { name: 'item-materials', path: '/items/GG00003001/materials', ready: '[data-material-index]' },
    { name: 'item-procedure', path: '/items/GG00003001/procedure', ready: '.djs-element[data-element-id="accept"]' },
    { name: 'item-forms', path: '/items/GG00003001/forms', ready: '[data-testid="form-preview"] .fjs-form' },
    { name: 'item-versions', path: '/items/GG00003001/versions', ready: '[data-testid="versions-table"] [data-version="1"]' },
    { name: 'item-trial', path: '/items/GG00003001/trial', ready: '[data-testid="trial-run"]' },
    { name: 'changes', path: '/changes', ready: 'main h1, .tb-page h1' },
    { name: 'procedure-canvas', path: '/procedure', ready: '.djs-palette' },
    { name: 'workbench', path: '/workbench', ready: '[data-testid="worklist-table"]' },
    { name: 'applications', path: '/applications', ready: '[data-testid="applications-table"]' },
    { name: 'supervision', path: '/supervision', ready: '[data-testid="supervision-kpis"]' },
    { name: 'licences', path: '/licences', ready: '.tb-page h1' },
    { name: 'not-found', path: '/no-such-page', ready: '.tb-page, main' },
  ];

  for (const [index, entry] of pages.entries()) {
    it(`opens ${entry.path}`, async () => {
      const { page } = session;
      await page.goto(`${baseUrl}${entry.path}`);
      await page.locator(entry.ready).first().waitFor();
      expect(await page.locator('.el-result .el-result__icon .icon-error, [data-testid="supervision-error"]').count()).toBe(0);
      await session.screenshot(`pages-${String(index + 1).padStart(2, '0')}-${entry.name}`);
      expect(session.errors).toEqual([]);
    });
  }

  it('runs a trial of an item’s procedure in the browser sandbox, writing nothing to the runtime', async () => {
    const { page } = session;
    const applicationsOfItem = () => page.evaluate(async () => {
      const { token } = JSON.parse(sessionStorage.getItem('tongban.session') ?? '{}') as { token?: string };
      const response = await fetch('/api/v1/applications?itemCode=GG00003001', { headers: { authorization: `Bearer ${token}` } });
      return ((await response.json()) as { total: number }).total;
    });
    await page.goto(`${baseUrl}/items/GG00003001/trial`);
    const before = await applicationsOfItem();
    const trial = page.getByTestId('trial-run');
    const form = trial.locator('.fjs-form');
    await form.waitFor();
    // 1. fill the application form (form-js) and pick the materials handed in
    const text = (label: string, value: string) => form.getByLabel(new RegExp(`^${label.replace(/[()（）]/g, '.')}\\s*\\*?$`)).fill(value);
    const choose = async (label: string, option: string) => {
      await form.locator('.fjs-form-field-select').filter({ has: page.locator('label.fjs-form-field-label', { hasText: label }) }).locator('.fjs-input-group').click();
      await page.locator('.fjs-dropdownlist-item', { hasText: option }).first().click();
    };
    await text('姓名', '王晓明');
    await text('公民身份号码', '449902199003154519');
    await text('联系电话', '13800138000');
    await text('联系地址', '江屿市滨江区望江路1号');
    await choose('户籍性质', '非农业户口');
    await text('户籍地址', '江屿市滨江区望江路1号');
    await choose('缴费档次', '600');
    await choose('特殊群体类别', '无');
    await choose('开户银行', '中国工商银行');
    await text('银行账号（社会保障卡金融账户）', '6222021234567890123');
    for (const name of ['居民身份证', '居民户口簿', '城乡居民基本养老保险参保登记表']) await trial.locator('.tb-trial-materials .el-checkbox', { hasText: name }).first().click();

    // 2. start: the review assistant completes by itself and the acceptance task waits, with its timeline
    await page.getByTestId('trial-start').click();
    await expect.poll(() => page.getByTestId('trial-status').getAttribute('data-status')).toBe('active');
    await page.locator('[data-testid="trial-task"][data-element-id="accept"]').waitFor();
    expect(await page.locator('[data-testid="trial-job"]').count()).toBe(0);
    await page.getByTestId('trial-timeline').waitFor();
    expect(await page.locator('.el-message--error').count()).toBe(0);
    await session.screenshot('pages-15-item-trial-running');

    // 3. nothing reached the runtime: no application of the item was added
    expect(await applicationsOfItem()).toBe(before);
    expect(session.errors).toEqual([]);
  });
});
