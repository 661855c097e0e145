import type { ModelView } from '@model-garden/contracts';
import type { Page } from 'playwright-core';
import { type Browser, openStudioPage, screenshotDir } from './support/browser';
import { addModel, api, createWorkspace, stack } from './support/stack-api';
import { pageSteps, signIn } from './support/page-steps';
import { ensureStudioBuild } from './support/studio-build';

/**
 * Budgets and the cache in a real browser against the real stack: a person creates a
 * budget, sees its consumption bar move as calls go through the gateway, sees the
 * threshold events its alerts published, edits and resets it, and finds the cache's hit
 * ratio and savings in the usage view. The tests run in order on one page.
 */

const WAIT = 30_000;

let browser: Browser;
let studioUrl: string;
let page: Page;
let workspace: { slug: string; apiKey: string };
let model: ModelView;
let shots: string;
const { shot, waitForText, step } = pageSteps({ page: () => page, shots: () => shots, label: 'budgets', wait: WAIT });

/** One call through the gateway, with the exact-match cache when asked. */
async function call(content: string, cache = false): Promise<{ status: number; cache: string | null }> {
  const response = await fetch(`${stack.gateway()}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${workspace.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: model.ref, messages: [{ role: 'user', content }], max_tokens: 3, ...(cache ? { cache: { type: 'exact_match', ttl: 600 } } : {}) }),
  });
  await response.text();
  return { status: response.status, cache: response.headers.get('x-model-garden-cache') };
}

beforeAll(async () => {
  shots = screenshotDir();
  ensureStudioBuild();
  workspace = await createWorkspace('studio-budgets');
  studioUrl = `${stack.registry()}/studio/`;
  model = await addModel(workspace.apiKey, { name: 'Priced', key: 'priced', modelId: 'mock-chat', pricing: { inputPerMillionTokens: 1_000, outputPerMillionTokens: 1_000 } });
  if (model.status !== 'active') throw new Error(`model is ${model.status}: ${model.statusMessage}`);
  ({ browser, page } = await openStudioPage(WAIT));
  await signIn(page, studioUrl, workspace.apiKey);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('budgets in the studio, against the real stack', () => {
  step('starts from no budgets and refuses a budget without a limit, naming the field', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Budgets' }).click();
    await page.getByRole('heading', { name: 'No budgets yet' }).waitFor();
    await page.getByRole('button', { name: 'New budget' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Monthly cap');
    await dialog.getByRole('button', { name: 'Save budget' }).click();
    await waitForText(dialog.locator('[data-field-error="budget-amount"]'), 'at least one limit');
  });

  step('creates a workspace budget with alerts, and shows it at 0%', async () => {
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Amount (USD per period)').fill('0.1');
    await dialog.getByLabel('Alert thresholds (%)').fill('10, 50');
    await dialog.getByRole('button', { name: 'Save budget' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page.locator('.budget [data-budget-used]'), '0% used');
    await waitForText(page.locator('.budget [data-budget-amount]'), 'of $0.10');
  });

  step('moves the consumption bar as calls go through the gateway, and lists the threshold events', async () => {
    for (let i = 0; i < 3; i += 1) expect((await call(`spend ${i}`)).status).toBe(200);
    // The page polls; a reload shows it at once.
    const deadline = Date.now() + WAIT;
    for (;;) {
      await page.reload();
      await page.locator('main h1').waitFor();
      const used = (await page.locator('.budget [data-budget-used]').first().textContent()) ?? '';
      if (!used.startsWith('0%')) break;
      if (Date.now() > deadline) throw new Error(`consumption did not move: ${used}`);
      await page.waitForTimeout(500);
    }
    await waitForText(page.locator('[data-alert-budget]').first(), /Monthly cap/);
    await waitForText(page.locator('[data-alert-budget]').first(), /% of the amount/);
    await shot('budgets-list');
  });

  step('edits the limit and resets the budget', async () => {
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Amount (USD per period)').fill('5');
    await dialog.getByRole('button', { name: 'Save budget' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page.locator('.budget [data-budget-amount]'), 'of $5.00');
    await page.getByRole('button', { name: 'Reset' }).click();
    await waitForText(page.locator('.budget [data-budget-used]'), '0% used');
  });

  step('shows the cache hit ratio and what the hits saved in the usage view', async () => {
    expect((await call('cache me', true)).cache).toBe('miss');
    let hit = await call('cache me', true);
    for (let i = 0; i < 20 && hit.cache !== 'hit'; i += 1) hit = await call('cache me', true);
    expect(hit.cache).toBe('hit');
    const deadline = Date.now() + WAIT;
    for (;;) {
      const summary = await api<{ hits: number }>('GET', '/v1/cache/summary', workspace.apiKey);
      if (summary.body.hits >= 1) break;
      if (Date.now() > deadline) throw new Error('no cache hit reached the ledger');
      await new Promise((r) => setTimeout(r, 250));
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { name: 'Response cache' }).waitFor();
    await waitForText(page.locator('[data-cache-hits]'), /^1 of \d+/);
    const ratio = (await page.locator('[data-cache-hit-ratio]').textContent()) ?? '';
    expect(ratio).toMatch(/^\d+\.\d%$/);
    expect(ratio).not.toBe('0.0%');
    await waitForText(page.locator('[data-cache-saved]'), /\$0\.0\d/);
    await shot('usage-cache');
  });
});
