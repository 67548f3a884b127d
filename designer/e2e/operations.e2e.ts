import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TongbanClient } from '@tongban/client';
import { openSession, type Session } from './browser';
import { clientAs, logIn, logOut, record } from './support';
import { foodApplication, pensionApplication, projectApplication } from './applications';

/** Waits until `username` has an open task of the application in its worklist, and answers it. */
async function taskOf(client: TongbanClient, applicationId: string, stage?: string) {
  let found: { id: string } | undefined;
  await expect.poll(async () => {
    found = (await client.tasks.list({ limit: 200, ...(stage ? { stage } : {}) })).items.find((task) => task.applicationId === applicationId);
    return Boolean(found);
  }, { timeout: 20_000, interval: 250 }).toBe(true);
  return found!;
}

/**
 * Issues #8 and #9 in the designer, on the real runtime: the worklist shows the review assistant's findings beside
 * the task (#9 point 1), the application page shows the branches of a parallel approval (#9 point 2), and the
 * supervision dashboard shows monitoring, the overdue list, the ranking and evaluations, refreshed live over
 * server-sent events (#8 point 7).
 */
describe('operations › worklist, parallel approval and supervision', () => {
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

  it('shows the review assistant’s findings beside the clerk’s task', async () => {
    // 1. given a food licence application whose staff health certificate is older than a year (an item rule)
    const applicant = await clientAs(baseUrl, 'demo-yunfan');
    const item = (await applicant.catalogue.item('XK00001001', '449902')).item;
    const receipt = await applicant.applications.submit(await foodApplication(applicant, item, {
      staff: [{ name: '张建国', idNumber: '449904196208093157', healthCertificateDate: '2020-03-01' }],
    }));
    // 2. once the review assistant has run, the district's acceptance clerk has the task
    const task = await taskOf(await clientAs(baseUrl, '449902.samr.accept'), receipt.id, 'accept');

    // 3. the clerk finds it in the worklist and opens it: the suggestion and each finding's rule are beside it
    const { page } = session;
    await logIn(page, baseUrl, '449902.samr.accept');
    await page.waitForURL(/\/workbench$/);
    const link = page.locator(`[data-testid="worklist-table"] a[data-task-id="${task.id}"]`);
    await link.waitFor();
    await session.screenshot('operations-01-worklist');
    await link.click();
    await page.waitForURL(new RegExp(`/workbench/tasks/${task.id}$`));
    const findings = page.getByTestId('review-findings');
    await expect.poll(() => page.getByTestId('review-result').getAttribute('data-result')).toBe('attention');
    await findings.locator('[data-testid="review-finding"][data-rule="item.staff-health-certificate"]').waitFor();
    expect(await findings.locator('[data-testid="review-finding"]').count()).toBeGreaterThanOrEqual(1);
    // the application's data beside it is labelled as its form labels it, materials by their checklist names
    await expect.poll(() => page.locator('[data-field-key="organisationName"] th').textContent()).not.toBe('organisationName');
    await findings.scrollIntoViewIfNeeded();
    await session.screenshot('operations-02-task-review-findings');
    expect(session.errors).toEqual([]);
  });

  it('shows each department’s branch of a parallel approval on the application’s page', async () => {
    // 1. given an investment project approval (并联审批) accepted and reviewed by the lead department, where
    //    market regulation has approved and the others have not decided yet
    const applicant = await clientAs(baseUrl, 'demo-jianshe');
    const receipt = await applicant.applications.submit(await projectApplication(applicant, '滨江综合管廊一期'));
    const accept = await clientAs(baseUrl, 'drc.accept');
    await accept.tasks.complete((await taskOf(accept, receipt.id, 'accept')).id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全，予以受理' } });
    const review = await clientAs(baseUrl, 'drc.review');
    await review.tasks.complete((await taskOf(review, receipt.id)).id, { formData: { reviewOutcome: 'pass', reviewOpinion: '符合产业政策和规划，提请并联审批' } });
    const samr = await clientAs(baseUrl, 'samr.decide');
    await samr.tasks.complete((await taskOf(samr, receipt.id)).id, { outcome: 'approve', formData: { jointOpinion: '同意，项目单位依法办理登记' } });

    // 2. the lead department's reviewer opens the application: every branch with its department and state
    const { page } = session;
    await logOut(page);
    await logIn(page, baseUrl, 'drc.review');
    await page.goto(`${baseUrl}/applications/${receipt.id}`);
    const branches = page.getByTestId('parallel-branches');
    await branches.waitFor();
    await expect.poll(() => branches.getByTestId('branches-state').getAttribute('data-state')).toBe('in-progress');
    const states = await branches.getByTestId('parallel-branch').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-department')}:${item.getAttribute('data-state')}`).sort());
    expect(states).toEqual(['449900-EE:pending', '449900-HUD:pending', '449900-SAMR:approved']);
    await branches.scrollIntoViewIfNeeded();
    await session.screenshot('operations-03-application-parallel-branches');
    expect(session.errors).toEqual([]);
  });

  it('opens the supervision dashboard with figures, ranking and evaluations, and refreshes it live', async () => {
    // 1. given a closed application (for the ranking) and the applicants' evaluations, one of them bad (好差评)
    const citizen = await clientAs(baseUrl, 'demo-wang');
    const pension = await citizen.applications.submit(await pensionApplication(citizen));
    const office = pension.departmentCode.split('-')[1]!.toLowerCase();
    const accept = await clientAs(baseUrl, `449902.${office}.accept`);
    await accept.tasks.complete((await taskOf(accept, pension.id, 'accept')).id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全' } });
    const decide = await clientAs(baseUrl, `449902.${office}.decide`);
    await decide.tasks.complete((await taskOf(decide, pension.id, 'decide')).id, { outcome: 'approve', formData: { decisionOpinion: '符合条件，准予参保' } });
    await expect.poll(async () => (await citizen.applications.get(pension.id)).status, { timeout: 20_000 }).toBe('completed');
    await citizen.request('POST', '/evaluations', { body: { applicationNumber: pension.number, stage: 'close', grade: 'very-satisfied', channel: 'online', tags: ['办事快'] } });
    const company = await clientAs(baseUrl, 'demo-jianshe');
    const project = (await company.applications.list({ itemCode: 'XK00007001', limit: 1 })).items[0]!;
    await company.request('POST', '/evaluations', { body: { applicationNumber: project.number, stage: 'accept', grade: 'dissatisfied', channel: 'online', comment: '窗口说明不清楚' } });

    const { page } = session;
    await logOut(page);
    await logIn(page, baseUrl, 'city.supervisor');
    await page.goto(`${baseUrl}/supervision`);
    // 2. the figures of the city's departments, the overdue list, the ranking and the evaluations are on screen
    const inProgress = page.locator('[data-testid="supervision-kpis"] [data-kpi="inProgress"] .tb-kpi-value');
    await expect.poll(async () => Number(await inProgress.textContent()), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('figures-chart').waitFor();
    await page.getByTestId('figures-table').locator('tbody tr').first().waitFor();
    await page.getByTestId('overdue-table').waitFor();
    await page.getByTestId('ranking-table').locator('tbody tr').first().waitFor();
    await page.getByTestId('evaluations-table').locator('tbody tr').first().waitFor();
    await expect.poll(() => page.getByTestId('ranking-formula').textContent()).toContain('综合得分');
    await expect.poll(() => page.locator('[data-live]').getAttribute('data-live')).toBe('open');
    await session.screenshot('operations-04-supervision');

    // 3. a new application elsewhere reaches the open dashboard through the stream, without a reload
    const before = Number(await inProgress.textContent());
    const applicant = await clientAs(baseUrl, 'demo-yunfan');
    const item = (await applicant.catalogue.item('XK00001001', '449902')).item;
    const submitted = Date.now();
    await applicant.applications.submit(await foodApplication(applicant, item));
    await expect.poll(async () => Number(await inProgress.textContent()), { timeout: 10_000, interval: 100 }).toBe(before + 1);
    record(`supervision dashboard: a new application reached the open dashboard live in ${Date.now() - submitted} ms`);
    await page.locator('.tb-supervision-body').evaluate((body) => body.scrollTo(0, body.scrollHeight));
    await session.screenshot('operations-05-supervision-ranking-evaluations');
    expect(session.errors).toEqual([]);
  });
});
