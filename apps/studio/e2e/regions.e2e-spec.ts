import type { ModelView } from '@model-garden/contracts';
import type { Page } from 'playwright-core';
import { type Browser, openStudioPage, screenshotDir } from './support/browser';
import { addModel, api, chatThroughGateway, createWorkspace, stack } from './support/stack-api';
import { pageSteps, signIn } from './support/page-steps';
import { ensureStudioBuild } from './support/studio-build';

/**
 * The region policy in a real browser against the real stack: a person makes the
 * workspace EU-only on the settings page, sees the US models marked in the garden and in
 * a deployment's model picker, and, publishing a variant on a US model anyway, reads why
 * it was refused in plain words. The gateway then refuses the US model too.
 *
 * The tests of this file run in order and share one workspace and one page.
 */

const WAIT = 20_000;

let browser: Browser;
let studioUrl: string;
let page: Page;
let workspace: { slug: string; apiKey: string };
let shots: string;
const { shot, waitForText, step } = pageSteps({ page: () => page, shots: () => shots, label: 'regions', wait: WAIT });
let euModel: ModelView;
let usModel: ModelView;

beforeAll(async () => {
  shots = screenshotDir();
  ensureStudioBuild();
  workspace = await createWorkspace('studio-regions');
  studioUrl = `${stack.registry()}/studio/`;
  [euModel, usModel] = await Promise.all([
    addModel(workspace.apiKey, { name: 'Mock Europe', key: 'mock-eu', modelId: 'mock-chat', region: 'eu' }),
    addModel(workspace.apiKey, { name: 'Mock US', key: 'mock-us', modelId: 'mock-chat', region: 'us' }),
  ]);
  for (const m of [euModel, usModel]) if (m.status !== 'active') throw new Error(`${m.name} is ${m.status}: ${m.statusMessage}`);
  ({ browser, page } = await openStudioPage(WAIT));
  await signIn(page, studioUrl, workspace.apiKey);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the region policy in the studio, against the real stack', () => {
  step('shows the policy on the workspace settings page and makes the workspace EU-only', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Workspace settings', level: 1 }).waitFor();
    await waitForText(page.getByTestId('region-policy-summary'), 'every region');
    expect(await page.getByLabel(/United States/).isChecked()).toBe(true);
    // None at all is refused before anything is sent.
    await page.getByLabel(/United States/).uncheck();
    await page.getByLabel(/Europe/).uncheck();
    await page.getByRole('button', { name: 'Save allowed regions' }).click();
    await waitForText(page.getByTestId('region-policy-problem'), 'at least one region');
    await page.getByLabel(/Europe/).check();
    await page.getByRole('button', { name: 'Save allowed regions' }).click();
    await waitForText(page.getByTestId('region-policy-summary'), 'only Europe');
    const saved = await api<{ allowedRegions: string[] | null }>('GET', '/v1/workspace', workspace.apiKey);
    expect(saved.body.allowedRegions).toEqual(['eu']);
    await shot('60-workspace-regions');
  });

  step('marks the models outside the policy in the garden, and only those', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    const usRow = page.locator(`tr[data-model-ref="${usModel.ref}"]`);
    await waitForText(usRow, 'Region not allowed');
    expect(await page.locator(`tr[data-model-ref="${euModel.ref}"] [data-testid="outside-region"]`).count()).toBe(0);
    expect(await usRow.getByTestId('outside-region').getAttribute('title')).toContain('only allows models that run in Europe');
    await shot('61-garden-regions');
  });

  step('marks them in a model picker, and explains a refused publish in plain words', async () => {
    await page.goto(`${studioUrl}#/deployments/new`);
    await page.getByRole('heading', { name: 'New deployment' }).waitFor();
    await page.locator('#deployment-key').fill('eu-support');
    const picker = page.locator('#variant-0-model');
    const usOption = await waitForText(picker.locator(`option[value="${usModel.ref}"]`), 'region not allowed');
    expect(usOption).toContain('United States');
    expect(await picker.locator(`option[value="${euModel.ref}"]`).textContent()).not.toContain('region not allowed');
    await picker.selectOption(usModel.ref);
    await waitForText(page.getByTestId('picker-region-warning'), 'this workspace only allows Europe');

    await page.getByRole('button', { name: 'Create deployment…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    const problems = await waitForText(page.getByTestId('publish-problems'), 'region "us"');
    expect(problems).toContain('variants[0].model');
    const explained = await waitForText(page.locator('#variant-0-model').locator('xpath=ancestor::div[contains(@class,"model-picker")]').getByTestId('region-refusal'), 'runs in United States');
    expect(explained).toContain('this workspace only allows models that run in Europe, so it cannot be used here');
    await shot('62-deployment-region-refusal');

    // With the EU model it publishes.
    await picker.selectOption(euModel.ref);
    await page.getByRole('button', { name: 'Create deployment…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/#\/deployments\/eu-support$/, { timeout: WAIT });
  });

  step('the gateway holds the workspace to the same policy', async () => {
    const refused = await chatThroughGateway(workspace.apiKey, usModel.ref, 'Hello');
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('region_not_allowed');
    expect((await chatThroughGateway(workspace.apiKey, euModel.ref, 'Hello')).status).toBe(200);
  });
});
