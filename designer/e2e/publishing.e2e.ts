import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSession, type Session } from './browser';
import { clientAs, logIn, logOut, record } from './support';
import { foodApplication } from './applications';

/** 食品经营许可（新办）: the item the journey changes. */
const ITEM = 'XK00001001';
const MATERIAL = '现场核查承诺书';
const TASK = '现场核查';
const FORM = 'site-inspection';
const FIELD = '现场核查意见';

/** Opens a group of a properties panel (the procedure's, or the form editor's) when it is closed. */
async function openGroup(page: Page, id: string, panel = 'bpmn-properties') {
  const group = page.locator(`[data-testid="${panel}"] [data-group-id="${id}"]`);
  await group.waitFor();
  if (!(await group.locator('.bio-properties-panel-group-entries.open').count())) await group.locator('.bio-properties-panel-group-header').click();
  return group;
}

/** Answers the reason prompt of a review step (prefilled) and waits for the step's success message. */
async function confirmPrompt(page: Page) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.locator('.el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/**
 * Issue #6 point 6, on the real runtime: the city's item manager finds 食品经营许可（新办） in the full catalogue,
 * opens a draft, adds a material, adds a form and a field to it, puts a user task with a candidate group, a stage
 * and that form on the canvas (seeing the lint errors come and go), saves and submits; the city's publisher
 * approves and publishes; an application submitted through @tongban/client then runs on the new version, and its
 * procedure reaches the new task. Screenshots of each page go to designer/test-artifacts/.
 */
describe('publishing › from a draft to a version in force', () => {
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

  it('opens the library with the full catalogue and finds the item by name', async () => {
    const { page } = session;
    // 1. log in as the city's item manager; time the library from the click to the whole catalogue on screen
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-username').fill('city.manager');
    await page.getByTestId('login-password').fill('tongban2026');
    await session.screenshot('publishing-01-login');
    const clicked = Date.now();
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/library$/);
    await expect.poll(() => page.getByTestId('library-count').textContent(), { timeout: 30_000 }).toContain('共 896 项事项');
    const openMs = Date.now() - clicked;
    const loadMs = (await page.getByTestId('library-load-ms').textContent())?.match(/\d+/)?.[0];
    record(`library opened with the full catalogue (896 items): ${openMs} ms from the login click to the tree on screen; the catalogue's requests took ${loadMs} ms`);
    expect(openMs).toBeLessThan(15_000);
    await session.screenshot('publishing-02-library');

    // 2. search by name as you type; the item is in the tree
    await page.getByTestId('library-search').fill('食品经营许可（新办）');
    await page.locator(`[data-item-code="${ITEM}"]`).click();
    await page.waitForURL(new RegExp(`/items/${ITEM}`));
    await expect.poll(() => page.getByTestId('item-issue-count').textContent()).toContain('事项要素校验通过');
    expect(session.errors).toEqual([]);
  });

  it('opens a draft and adds a material to the checklist', async () => {
    const { page } = session;
    // 1. the version in force is read-only until a draft is opened from it
    await page.getByTestId('item-start-draft').click();
    await confirmPrompt(page);
    await page.getByTestId('item-save').waitFor();
    await expect.poll(() => page.getByTestId('item-version-status').textContent()).toContain('草稿');

    // 2. add a material and name it
    await page.getByTestId('item-tab-materials').click();
    const cards = page.locator('[data-material-index]');
    await cards.first().waitFor();
    const before = await cards.count();
    await page.getByTestId('material-add').click();
    await expect.poll(() => cards.count()).toBe(before + 1);
    const name = cards.nth(before).locator('input[data-field="name"]');
    await name.fill(MATERIAL);
    await cards.nth(before).scrollIntoViewIfNeeded();
    await session.screenshot('publishing-03-material-added');
    expect(session.errors).toEqual([]);
  });

  it('adds a task form with a field, with a live preview', async () => {
    const { page } = session;
    await page.getByTestId('item-tab-forms').click();
    await page.locator('[data-testid="form-editor"] .fjs-editor-container').first().waitFor();
    // 1. declare a new task form
    await page.getByTestId('form-add').click();
    const box = page.locator('.el-message-box');
    await box.locator('input').fill(FORM);
    await box.locator('.el-button--primary').click();
    await box.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('form-select').textContent()).toContain(FORM);

    // 2. drag a text field from the palette onto the empty form
    const field = page.locator('[data-testid="form-editor"] .fjs-palette-field[data-field-type="textfield"]');
    const target = page.locator('[data-testid="form-editor"] .fjs-drop-container-vertical').first();
    const from = (await field.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 40, from.y + from.height / 2, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 10 });
    await page.mouse.up();
    await page.locator('[data-testid="form-editor"] .fjs-editor-container .fjs-form-field-textfield').first().waitFor();

    // 3. label it in the form's properties panel; the preview shows it
    await openGroup(page, 'group-general', 'form-editor');
    const label = page.locator('[data-testid="form-editor"] #bio-properties-panel-label');
    await label.fill(FIELD);
    await page.locator('[data-testid="form-preview"] .fjs-form-field-label', { hasText: FIELD }).waitFor();
    await session.screenshot('publishing-04-form-field');
    expect(session.errors).toEqual([]);
  });

  it('puts a user task on the canvas; its lint errors come and go as the candidate group and stage are set', async () => {
    const { page } = session;
    await page.getByTestId('item-tab-procedure').click();
    await page.locator('.djs-element[data-element-id="accept"]').first().waitFor();
    const problems = page.locator('[data-testid="problems-panel"] [data-rule]');

    // 1. drop a user task from the palette onto the flow out of 受理: bpmn-js splits the flow around it
    const flow = (await page.locator('.djs-connection[data-element-id="Flow_accept_acceptance_gateway"]').boundingBox())!;
    await page.locator('.djs-palette .entry[data-action="create.user-task"]').click();
    const x = flow.x + flow.width / 2;
    const y = flow.y + flow.height / 2;
    await page.mouse.move(x - 30, y + 40, { steps: 3 });
    await page.mouse.move(x, y, { steps: 6 });
    await page.mouse.click(x, y);

    // 2. the linter flags it: no candidate groups, no stage
    const candidates = page.locator('[data-testid="problems-panel"] [data-rule="tongban/user-task-candidate-groups"]');
    await candidates.first().waitFor();
    const taskId = await candidates.first().getAttribute('data-element-id');
    expect(taskId).toMatch(/^Activity_/);
    const ofTask = problems.and(page.locator(`[data-element-id="${taskId}"]`));
    await expect.poll(() => ofTask.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rule')).sort()))
      .toEqual(expect.arrayContaining(['tongban/stage-header', 'tongban/user-task-candidate-groups']));
    await page.locator(`.djs-overlay-container .djs-overlays[data-container-id="${taskId}"] .bjsl-overlay`).waitFor();
    await session.screenshot('publishing-05-user-task-lint-errors');

    // 3. name it, give it a candidate group, a stage header and the new form in the properties panel
    await openGroup(page, 'group-general');
    await page.locator('#bio-properties-panel-name').fill(TASK);
    await openGroup(page, 'group-assignmentDefinition');
    await page.locator('#bio-properties-panel-assignmentDefinitionCandidateGroups').fill('reviewer');
    await candidates.first().waitFor({ state: 'detached' });
    const headers = await openGroup(page, 'group-headers');
    await headers.locator('.bio-properties-panel-add-entry').click();
    await headers.locator('input[id$="-header-0-key"]').fill('stage');
    await headers.locator('textarea[id$="-header-0-value"], input[id$="-header-0-value"]').first().fill('review');
    await openGroup(page, 'group-form');
    await page.locator('#bio-properties-panel-formType').selectOption('camunda-form-linked');
    await page.locator('#bio-properties-panel-formId').fill(FORM);

    // 4. the task's errors are gone
    await expect.poll(() => ofTask.count()).toBe(0);
    await page.locator(`.djs-element[data-element-id="${taskId}"]`).first().waitFor();
    await session.screenshot('publishing-06-user-task-lint-cleared');
    expect(session.errors).toEqual([]);
  });

  it('saves and submits the draft for review', async () => {
    const { page } = session;
    // The properties panel applies typing after a short debounce: an edit may land just after a save started, so
    // save until nothing is left unsaved.
    await expect.poll(async () => {
      if ((await page.getByTestId('item-dirty').count()) === 0) return 'saved';
      const save = page.getByTestId('item-save');
      if (await save.isEnabled()) await save.click();
      return 'unsaved';
    }, { timeout: 20_000, interval: 500 }).toBe('saved');
    // the runtime's own report has no error (it is what publishing checks)
    await expect.poll(() => page.getByTestId('item-issue-count').textContent(), { timeout: 15_000 }).toContain('事项要素校验通过');
    await page.getByTestId('item-tab-versions').click();
    await page.getByTestId('version-submit').click();
    await confirmPrompt(page);
    await expect.poll(() => page.getByTestId('open-version-status').textContent()).toContain('待审核');
    await session.screenshot('publishing-07-submitted');
    expect(session.errors).toEqual([]);
  });

  it('is approved and published by the publisher', async () => {
    const { page } = session;
    // 1. another user: the city's publisher (four eyes)
    await logOut(page);
    await logIn(page, baseUrl, 'city.publisher');
    await page.goto(`${baseUrl}/items/${ITEM}/versions`);
    await page.getByTestId('version-approve').click();
    await confirmPrompt(page);
    await expect.poll(() => page.getByTestId('open-version-status').textContent()).toContain('待发布');

    // 2. compare with the version in force: the new material, and the new task on the canvas
    await page.getByTestId('version-compare-open').click();
    await page.getByTestId('diff-materials').getByText(MATERIAL).first().waitFor();
    // the new task is marked as added on the newer canvas
    await page.locator('[data-testid="diff-canvases"] .djs-element.tb-mark-added').first().waitFor();
    await session.screenshot('publishing-08-approved-diff');

    // 3. publish now
    await page.getByTestId('version-publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('no-open-version').waitFor();
    await expect.poll(() => page.getByTestId('versions-table').locator('[data-version="2"]').count()).toBe(1);
    await session.screenshot('publishing-09-published');

    // 4. the change feed announces the publication
    await page.getByTestId('menu-changes').click();
    await page.getByTestId('change-feed').getByText(ITEM).first().waitFor();
    await session.screenshot('publishing-10-change-feed');
    expect(session.errors).toEqual([]);
  });

  it('runs a new application on the new version, through the new task', async () => {
    // 1. the catalogue shows version 2 with the new material
    const applicant = await clientAs(baseUrl, 'demo-yunfan');
    const detail = await applicant.catalogue.item(ITEM, '449902');
    expect(detail.version.version).toBe(2);
    const added = detail.item.materials.find((material) => material.name === MATERIAL);
    expect(added).toMatchObject({ requirement: 'required', source: 'applicant' });

    // 2. an application through the client pins version 2 and must bring the new material
    const receipt = await applicant.applications.submit(await foodApplication(applicant, detail.item));
    const application = await applicant.applications.get(receipt.id);
    expect(application.itemVersion).toBe(2);
    expect(application.materials?.map((material) => material.materialId)).toContain(added!.id);

    // 3. the review assistant runs, the district clerk accepts, and the new task is next
    const clerk = await clientAs(baseUrl, '449902.samr.accept');
    let accept: { id: string } | undefined;
    await expect.poll(async () => {
      accept = (await clerk.tasks.list({ stage: 'accept', limit: 200 })).items.find((task) => task.applicationId === receipt.id);
      return Boolean(accept);
    }, { timeout: 20_000 }).toBe(true);
    await clerk.tasks.claim(accept!.id);
    await clerk.tasks.complete(accept!.id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全，予以受理' } });
    await expect.poll(async () => (await applicant.applications.get(receipt.id)).tasks?.filter((task) => task.status === 'open').map((task) => task.name), { timeout: 20_000 })
      .toEqual([TASK]);
    record(`application ${receipt.number} of ${ITEM} ran on version ${application.itemVersion} and reached the new task 「${TASK}」`);
  });
});
