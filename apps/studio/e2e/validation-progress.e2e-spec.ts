import type { ModelView } from '@model-garden/contracts/browser';
import { checkRule, MODEL_RULES } from '@model-garden/contracts/browser';
import type { Page } from 'playwright-core';
import { type Browser, openStudioPage, screenshotDir } from './support/browser';
import { api, createWorkspace, getModel, stack } from './support/stack-api';
import { pageSteps, signIn } from './support/page-steps';
import { ensureStudioBuild } from './support/studio-build';

/**
 * The live validation view in a real browser against the real stack: each check shows
 * as it starts and passes, a retried check shows the attempt and a countdown to the next
 * one, and a suggestion beside a failed check is applied in one click.
 *
 * The tests of this file run in order and share one workspace and one page.
 */

const WAIT = 30_000;

let browser: Browser;
let studioUrl: string;
let page: Page;
let workspace: { slug: string; apiKey: string };
let shots: string;
const { shot, waitForText, step } = pageSteps({ page: () => page, shots: () => shots, label: 'validation progress', wait: WAIT });

async function scenario(body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${stack.mockProvider()}/__mock/scenarios`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.mockProviderKey()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
}

/** Registers a model without waiting and opens its live validation view. */
async function watch(modelId: string): Promise<ModelView> {
  const created = await api<ModelView>('POST', '/v1/models', workspace.apiKey, {
    type: 'chat',
    baseUrl: `${stack.mockProvider()}/v1`,
    apiKey: stack.mockProviderKey(),
    name: `Live ${modelId}`,
    modelId,
    key: modelId.toLowerCase(),
    region: 'eu',
  });
  expect(created.status).toBe(202);
  await page.goto(`${studioUrl}#/models/${created.body.id}/validation`);
  return created.body;
}

beforeAll(async () => {
  shots = screenshotDir();
  ensureStudioBuild();
  workspace = await createWorkspace('progress-studio');
  studioUrl = `${stack.registry()}/studio/`;
  ({ browser, page } = await openStudioPage(WAIT));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('live validation in the studio', () => {
  step('signs in', async () => {
    await signIn(page, studioUrl, workspace.apiKey);
  });

  step('shows each check as it starts and passes, before the verdict', async () => {
    const id = `slow-${Date.now().toString(36)}`;
    // Every model call takes 1.5 s: the checks before it pass while it runs.
    await scenario({ id, base: 'mock-chat', latencyMs: 1_500 });
    await watch(id);
    await page.locator('[data-check="chat"][data-status="running"]').waitFor();
    expect(await page.locator('[data-check="connectivity"]').getAttribute('data-status')).toBe('pass');
    expect(await page.locator('[data-stage="connectivity"]').getAttribute('data-state')).toBe('pass');
    expect(await page.locator('[data-result]').count()).toBe(0);
    await waitForText(page.locator('[data-attempt]'), /Attempt 1 of \d+/);
    await shot('progress-01-running');
    await page.locator('[data-check="chat"][data-status="pass"]').waitFor();
    expect(await page.locator('[data-result]').getAttribute('data-result', { timeout: WAIT })).toBe('active');
  });

  step('shows a retried check with the attempt and a countdown to the next one', async () => {
    const id = `limited-${Date.now().toString(36)}`;
    // Rate limited twice with Retry-After: the validator waits, then the third attempt passes.
    await scenario({ id, base: 'mock-chat', failFirst: 2, failStatus: 429, retryAfterSeconds: 1 });
    await watch(id);
    await page.locator('[data-check="chat"][data-status="retrying"]').waitFor();
    const countdown = await waitForText(page.locator('[data-retry-countdown]'), /Attempt [12] of \d+ failed; next attempt/);
    expect(countdown).toMatch(/Attempt [12] of 3 failed/);
    expect(await page.locator('[data-check="chat"] .check__message').textContent()).toContain('429');
    await shot('progress-02-retrying');
    await page.locator('[data-result="active"]').waitFor();
  });

  step('applies the suggestion beside a failed check in one click, and the model becomes active', async () => {
    await page.goto(`${studioUrl}#/models/new`);
    await page.locator('main h1').first().waitFor();
    const endpoint = `${stack.mockProvider()}/v1/chat/completions`;
    await page.getByLabel('Base URL').fill(endpoint);
    const error = page.locator('#model-baseUrl-error');
    await waitForText(error, `Use ${stack.mockProvider()}/v1 instead`);
    expect((await error.textContent())?.replace(/^⚠\s*/, '')).toBe(checkRule(MODEL_RULES.baseUrl, endpoint));

    await page.getByLabel('Base URL').fill(stack.mockProvider());
    await page.getByLabel('API Key', { exact: true }).fill(stack.mockProviderKey());
    await page.getByLabel('Model Name').fill('Missing v1');
    await page.getByLabel('Model ID').fill('mock-chat');
    await page.getByRole('button', { name: 'Add model' }).click();
    await page.waitForURL(/#\/models\/[^/]+\/validation$/);
    const id = decodeURIComponent(/#\/models\/([^/]+)\/validation/.exec(page.url())?.[1] ?? '');
    await page.locator('[data-result="failed"]').waitFor();
    const suggestion = page.locator('[data-check="chat"] [data-suggestion="baseUrl"]');
    await waitForText(suggestion, 'missing /v1');
    await shot('progress-03-suggestion');
    await suggestion.getByRole('button', { name: `Apply: set baseUrl to ${stack.mockProvider()}/v1` }).click();
    await page.locator('[data-result="active"]').waitFor();
    const model = await getModel(workspace.apiKey, id);
    expect({ baseUrl: model.baseUrl, status: model.status }).toEqual({ baseUrl: `${stack.mockProvider()}/v1`, status: 'active' });
    await shot('progress-04-applied');
  });
});
