import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkRule, MODEL_RULES, type ModelListPage, type ModelView } from '@model-garden/contracts/browser';
import type { Locator, Page } from 'playwright-core';
import { type Browser, WORKSPACE_ROOT, openStudioPage, screenshotDir } from './support/browser';
import { api, chatThroughGateway, createWorkspace, getModel, stack, waitForUsage } from './support/stack-api';
import { ensureStudioBuild } from './support/studio-build';

/**
 * The studio in a real browser (Debian's Chromium through playwright-core) against
 * the real registry, validator, gateway and mock provider of the e2e tier: a person
 * signs in, adds models, watches them validate, fixes one, filters, deletes, and
 * sees usage after calls through the gateway. Each view is saved as a screenshot.
 *
 * The tests of this file run in order and share one workspace and one page.
 */

const WAIT = 20_000;

let browser: Browser;
let studioUrl: string;
let page: Page;
let workspace: { slug: string; apiKey: string };
let shots: string;
let activeModel: ModelView;
let failedModelId: string;

async function shot(name: string): Promise<string> {
  const path = join(shots, `${name}.png`);
  // Toasts come and go; the sticky header belongs at the top of a full-page picture.
  await page.evaluate(() => {
    document.querySelectorAll<HTMLButtonElement>('.toast__close').forEach((b) => b.click());
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the locator's text contains `text` (the page updates by itself). */
async function waitForText(locator: Locator, text: string | RegExp, timeout = WAIT): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.first().textContent()) ?? '';
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`expected ${String(text)} in ${JSON.stringify(last)}`);
}

async function fieldErrorOf(id: string): Promise<string> {
  const error = page.locator(`#${id}-error`);
  await error.waitFor({ state: 'visible', timeout: 5_000 });
  return ((await error.textContent()) ?? '').replace(/^⚠\s*/, '');
}

async function goto(hash: string): Promise<void> {
  const url = `${studioUrl}#${hash}`;
  // The same address again would change nothing in a single-page app: load it afresh.
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.locator('main h1').first().waitFor({ timeout: WAIT });
}

async function fillModelForm(values: { type?: string; baseUrl: string; apiKey: string; name: string; modelId: string; region?: string; maxTokens?: string; temperature?: string; input?: string; output?: string }): Promise<void> {
  if (values.type) await page.getByLabel('Type', { exact: true }).selectOption(values.type);
  await page.getByLabel('Base URL').fill(values.baseUrl);
  await page.getByLabel('API Key', { exact: true }).fill(values.apiKey);
  await page.getByLabel('Model Name').fill(values.name);
  await page.getByLabel('Model ID').fill(values.modelId);
  if (values.region) await page.getByLabel('Region').selectOption(values.region);
  if (values.maxTokens) await page.getByLabel('Max Tokens').fill(values.maxTokens);
  if (values.temperature) await page.getByLabel('Temperature').fill(values.temperature);
  if (values.input) await page.getByLabel('Input Price (per 1M tokens)').fill(values.input);
  if (values.output) await page.getByLabel('Output Price (per 1M tokens)').fill(values.output);
}

/** Adds a model through the form and waits for the validation view's final result. */
async function addModel(values: Parameters<typeof fillModelForm>[0]): Promise<{ id: string; result: string }> {
  await goto('/models/new');
  await fillModelForm(values);
  await page.getByRole('button', { name: 'Add model' }).click();
  await page.waitForURL(/#\/models\/[^/]+\/validation$/, { timeout: WAIT });
  const id = decodeURIComponent(/#\/models\/([^/]+)\/validation/.exec(page.url())?.[1] ?? '');
  const result = page.locator('[data-result]');
  await result.waitFor({ timeout: WAIT });
  return { id, result: (await result.getAttribute('data-result')) ?? '' };
}

async function rowRefs(): Promise<string[]> {
  await page.locator('table.table--models, .state--empty').first().waitFor({ timeout: WAIT });
  return page.locator('table.table--models tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model-ref') ?? ''));
}

/** Waits until the garden shows exactly the rows `predicate` accepts (filters apply after a short pause). */
async function waitForRows(predicate: (refs: string[]) => boolean, what: string): Promise<string[]> {
  const deadline = Date.now() + WAIT;
  let refs: string[] = [];
  while (Date.now() < deadline) {
    refs = await rowRefs().catch(() => []);
    if (predicate(refs)) return refs;
    await page.waitForTimeout(150);
  }
  throw new Error(`garden rows never matched "${what}": ${JSON.stringify(refs)}`);
}

/** A test that leaves a screenshot of the page behind when it fails, for the person reading the CI log. */
function step(name: string, body: () => Promise<void>, timeout?: number): void {
  it(
    name,
    async () => {
      try {
        await body();
      } catch (error) {
        const file = join(shots, `FAILED-${name.replace(/\W+/g, '-').slice(0, 60)}.png`);
        await page?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        process.stderr.write(`studio e2e: "${name}" failed at ${page?.url()}; screenshot ${file}\n`);
        throw error;
      }
    },
    timeout,
  );
}

beforeAll(async () => {
  shots = screenshotDir();
  ensureStudioBuild();
  workspace = await createWorkspace('studio-e2e');
  // Production's path: the registry serves the build at /studio/ (apps/registry/src/studio) beside its /v1 API.
  studioUrl = `${stack.registry()}/studio/`;
  const served = await fetch(studioUrl);
  if (served.status !== 200 || !(served.headers.get('content-type') ?? '').startsWith('text/html')) {
    throw new Error(`the registry does not serve the studio at ${studioUrl} (${served.status}): is STUDIO_DIR (default dist/apps/studio) built? See the registry log in ${process.env['E2E_LOG_DIR']}`);
  }
  ({ browser, page } = await openStudioPage(WAIT));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('studio in a browser, against the real stack', () => {
  step('asks for the workspace key, refuses a wrong one, and signs in with the right one', async () => {
    await page.goto(studioUrl);
    await page.getByRole('heading', { name: 'Sign in to your workspace' }).waitFor();
    await shot('01-sign-in');
    await page.getByLabel('Workspace API key').fill('mgk_aaaaaaaaaaaa_not-a-real-key-at-all-xxxxxxxxxxxxxxxxxxxxxxxxx');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page.locator('#workspace-api-key-error'), 'refused');
    await page.getByLabel('Workspace API key').fill(workspace.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Model Garden', level: 1 }).waitFor();
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([workspace.apiKey]);
  });

  step('shows the public catalogue in the garden before any private model', async () => {
    const refs = await waitForRows((r) => r.length > 0, 'public models listed');
    expect(refs.every((ref) => !ref.includes('@openailike/'))).toBe(true);
    expect(await page.locator('tr[data-owner="public"] [role="switch"]').count()).toBe(refs.length);
  });

  step('checks each field as it is typed with the API messages, and puts server errors on their fields', async () => {
    await goto('/models/new');
    for (const legend of ['Connection', 'General', 'Advanced']) await page.locator('legend', { hasText: legend }).waitFor();

    await page.getByLabel('Base URL').fill('ftp://files.example.com/v1');
    expect(await fieldErrorOf('model-baseUrl')).toBe(checkRule(MODEL_RULES.baseUrl, 'ftp://files.example.com/v1'));
    await page.getByLabel('Base URL').fill('https://api.example.com/v1?key=1');
    expect(await fieldErrorOf('model-baseUrl')).toBe(checkRule(MODEL_RULES.baseUrl, 'https://api.example.com/v1?key=1'));
    await page.getByLabel('Model Name').fill('   ');
    expect(await fieldErrorOf('model-name')).toBe('name must not be blank');
    await page.getByLabel('Model ID').fill('llama 3');
    expect(await fieldErrorOf('model-modelId')).toBe('modelId must not contain spaces');
    await page.getByLabel('Max Tokens').fill('0.5');
    expect(await fieldErrorOf('model-maxTokens')).toBe('maxTokens must be an integer');
    await page.getByLabel('Temperature').fill('2.5');
    expect(await fieldErrorOf('model-temperature')).toBe('temperature must be between 0 and 2');
    await page.getByLabel('Input Price (per 1M tokens)').fill('-1');
    expect(await fieldErrorOf('model-pricing-inputPerMillionTokens')).toBe('inputPerMillionTokens must not be negative');
    expect(await page.getByLabel('Max Tokens').getAttribute('aria-invalid')).toBe('true');

    // Image models are priced per image: the token prices give way to one field.
    await page.getByLabel('Type', { exact: true }).selectOption('image');
    await page.getByLabel('Price per image').waitFor();
    expect(await page.getByLabel('Input Price (per 1M tokens)').count()).toBe(0);
    await page.getByLabel('Type', { exact: true }).selectOption('chat');

    await page.getByRole('button', { name: 'Add model' }).click();
    const summary = page.locator('.error-summary');
    await waitForText(summary, 'Fix these');
    // The summary takes the focus right after it renders (an effect), so a screen reader reads it first.
    await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary') === true, undefined, { timeout: WAIT });
    await shot('02-add-model-field-errors');

    // What only the server knows (its outbound policy) lands on the field too.
    await goto('/models/new');
    await fillModelForm({ baseUrl: 'http://169.254.169.254/v1', apiKey: 'sk-test', name: 'Metadata', modelId: 'gpt-4o-mini' });
    await page.getByRole('button', { name: 'Add model' }).click();
    await waitForText(page.locator('.error-summary'), 'The registry refused some fields');
    expect(await fieldErrorOf('model-baseUrl')).toMatch(/^The base URL points to 169\.254\.169\.254/);
    await shot('03-add-model-server-error');
  });

  step('adds a model against the mock provider and sees each check, then active with its capabilities', async () => {
    const added = await addModel({
      baseUrl: `${stack.mockProvider()}/v1`,
      apiKey: stack.mockProviderKey(),
      name: 'Mock chat (e2e)',
      modelId: 'mock-chat',
      region: 'eu',
      maxTokens: '512',
      temperature: '0.7',
      input: '0.5',
      output: '1.5',
    });
    expect(added.result).toBe('active');
    for (const stage of ['connectivity', 'authentication', 'model', 'capabilities']) {
      expect(await page.locator(`[data-stage="${stage}"]`).getAttribute('data-state')).toBe('pass');
    }
    await waitForText(page.locator('.capability-chips'), 'Function calling');
    await shot('04-validation-active');

    await page.getByRole('link', { name: 'Open model' }).click();
    await page.locator('[data-testid="model-ref"]').waitFor();
    activeModel = await getModel(workspace.apiKey, added.id);
    expect(await page.locator('[data-testid="model-ref"]').textContent()).toBe(activeModel.ref);
    expect(await page.locator('[data-testid="api-key-hint"]').textContent()).toBe(activeModel.apiKeyHint);
    expect(await page.content()).not.toContain(stack.mockProviderKey());
    expect(await page.locator('[data-capability="chat"]').getAttribute('data-supported')).toBe('true');
    expect(await page.locator('[data-capability="functionCalling"]').getAttribute('data-supported')).toBe('true');
    // The gateway address comes from the server (config.json, GATEWAY_PUBLIC_URL); without it the studio assumes port 3002 on its host.
    const config = await fetch(new URL('config.json', studioUrl)).catch(() => undefined);
    const gatewayUrl = config?.ok ? ((await config.json()) as { gatewayUrl: string }).gatewayUrl : `http://${new URL(studioUrl).hostname}:3002/v1`;
    const snippet = (await page.locator('[data-testid="snippet"]').textContent()) ?? '';
    expect(snippet).toContain(`${gatewayUrl}/chat/completions`);
    expect(snippet).toContain(activeModel.ref);
    await page.getByRole('tab', { name: 'Node.js (openai)' }).click();
    await waitForText(page.locator('[data-testid="snippet"]'), 'client.chat.completions.create');
    await shot('05-model-details');
  });

  step('offers a free model key on a clash, then shows the reason a wrong API key fails and what to do', async () => {
    await goto('/models/new');
    await fillModelForm({ baseUrl: `${stack.mockProvider()}/v1`, apiKey: 'sk-wrong-key-1234', name: 'Mock with a wrong key', modelId: 'mock-chat' });
    await page.getByRole('button', { name: 'Add model' }).click();
    // mock-chat is taken by the first model: the registry answers 409 with a free key.
    await waitForText(page.locator('.error-summary'), 'The model key is already taken');
    const suggestion = page.getByRole('button', { name: /^Use “/ });
    await suggestion.click();
    expect(await page.getByRole('textbox', { name: /^Model key/ }).inputValue()).toMatch(/^mock-chat-\d+$/);
    await page.getByRole('button', { name: 'Add model' }).click();
    await page.waitForURL(/#\/models\/[^/]+\/validation$/);
    failedModelId = decodeURIComponent(/#\/models\/([^/]+)\/validation/.exec(page.url())?.[1] ?? '');
    await page.locator('[data-result]').waitFor();
    expect(await page.locator('[data-result]').getAttribute('data-result')).toBe('failed');
    expect(await page.locator('[data-stage="connectivity"]').getAttribute('data-state')).toBe('pass');
    expect(await page.locator('[data-stage="authentication"]').getAttribute('data-state')).toBe('fail');
    const model = await getModel(workspace.apiKey, failedModelId);
    const failed = model.validation?.checks.find((c) => c.status === 'fail');
    expect(failed?.name).toBe('authentication');
    await waitForText(page.locator('[data-result="failed"]'), failed?.message ?? 'authentication');
    await waitForText(page.locator('[data-result="failed"]'), 'What to do');
    await page.locator('[data-result="failed"]').getByRole('link', { name: 'Rotate API key' }).waitFor();
    await shot('06-validation-wrong-key');
  });

  step('filters the garden by owner, type, status and region, searches, and switches a public model off and on', async () => {
    await goto('/models');
    const all = await waitForRows((r) => r.includes(activeModel.ref), 'the new model listed');
    expect(all.length).toBeGreaterThan(2);
    await page.locator('tr[data-model-ref] .badge--failed').waitFor();
    await shot('07-garden');
    // The README's picture: written when missing, or on request (STUDIO_DOCS_SCREENSHOT=1), so a test run leaves git clean.
    const docsImage = join(WORKSPACE_ROOT, 'docs/images/studio-models.png');
    if (!existsSync(docsImage) || process.env['STUDIO_DOCS_SCREENSHOT'] === '1') {
      mkdirSync(dirname(docsImage), { recursive: true });
      copyFileSync(join(shots, '07-garden.png'), docsImage);
    }

    await page.getByLabel('Owner').selectOption('private');
    const mine = await waitForRows((r) => r.length === 2, 'two private models');
    expect(mine.every((ref) => ref.startsWith(`${workspace.slug}@openailike/`))).toBe(true);
    expect(page.url()).toContain('owner=private');

    await page.getByLabel('Status').selectOption('failed');
    expect(await waitForRows((r) => r.length === 1, 'one failed private model')).toEqual([(await getModel(workspace.apiKey, failedModelId)).ref]);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Region').selectOption('eu');
    expect(await waitForRows((r) => r.length === 1, 'one private model in Europe')).toEqual([activeModel.ref]);
    await page.getByLabel('Region').selectOption('');
    await page.getByLabel('Type').selectOption('embedding');
    await waitForText(page.locator('.state--empty'), 'No model matches these filters');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();

    await page.getByLabel('Search').fill('wrong key');
    expect(await waitForRows((r) => r.length === 1, 'search finds the failed model')).toEqual([(await getModel(workspace.apiKey, failedModelId)).ref]);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Owner').selectOption('public');
    const publics = await waitForRows((r) => r.length > 0 && r.every((ref) => !ref.includes('@openailike/')), 'public models only');

    const first = page.locator(`tr[data-model-ref="${publics[0]}"] [role="switch"]`);
    const before = await first.getAttribute('aria-checked');
    await first.click();
    await page.waitForFunction(
      ([ref, was]) => document.querySelector(`tr[data-model-ref="${ref}"] [role="switch"]`)?.getAttribute('aria-checked') !== was,
      [publics[0] ?? '', before ?? ''] as const,
    );
    const listed = await api<ModelListPage>('GET', '/v1/models?owner=public&limit=200', workspace.apiKey);
    expect(String(listed.body.data.find((m) => m.ref === publics[0])?.enabled)).not.toBe(before);
    await first.click();
    await page.waitForFunction(
      ([ref, was]) => document.querySelector(`tr[data-model-ref="${ref}"] [role="switch"]`)?.getAttribute('aria-checked') === was,
      [publics[0] ?? '', before ?? ''] as const,
    );
  });

  step('rotates the key of the failed model and sees it turn active', async () => {
    await goto(`/models/${encodeURIComponent(failedModelId)}`);
    await page.getByRole('button', { name: 'Rotate key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('New API key').fill('has a space');
    expect(await fieldErrorOf('rotate-api-key')).toBe('apiKey must not contain spaces');
    await dialog.getByLabel('New API key').fill(stack.mockProviderKey());
    await shot('08-rotate-key');
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    await page.waitForURL(/\/validation$/);
    await page.locator('[data-result]').waitFor();
    expect(await page.locator('[data-result]').getAttribute('data-result')).toBe('active');
    const rotated = await getModel(workspace.apiKey, failedModelId);
    expect(rotated.status).toBe('active');
    expect(rotated.apiKeyHint?.slice(-4)).toBe(stack.mockProviderKey().slice(-4));
  });

  step('edits a model: a new name and price save without validating again', async () => {
    await goto(`/models/${encodeURIComponent(activeModel.id)}`);
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByRole('heading', { name: `Edit ${activeModel.name}` }).waitFor();
    expect(await page.getByLabel('Model Name').inputValue()).toBe(activeModel.name);
    expect(await page.getByLabel(/^API Key/).inputValue()).toBe('');
    await page.getByLabel('Model Name').fill('');
    expect(await fieldErrorOf('model-name')).toBe('name must be 1 to 100 characters');
    await page.getByLabel('Model Name').fill('Mock chat (edited)');
    await page.getByLabel('Output Price (per 1M tokens)').fill('2');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`#/models/${activeModel.id}$`));
    await page.getByRole('heading', { name: 'Mock chat (edited)' }).waitFor();
    const edited = await getModel(workspace.apiKey, activeModel.id);
    expect(edited).toMatchObject({ name: 'Mock chat (edited)', revision: activeModel.revision, status: 'active', pricing: { inputPerMillionTokens: 0.5, outputPerMillionTokens: 2 } });
    activeModel = edited;
  });

  step('opens a public model from the garden', async () => {
    await goto('/models?owner=public');
    const first = page.locator('tr[data-owner="public"] a.model-link').first();
    const name = (await first.textContent()) ?? '';
    await first.click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    expect(page.url()).toMatch(/#\/catalogue\/[^/]+\/[^/]+$/);
    await page.getByRole('switch', { name: `Enable ${name}` }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await shot('10-public-model');
  });

  step('deletes a model after a confirmation', async () => {
    await goto(`/models/${encodeURIComponent(failedModelId)}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await shot('09-delete-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await api('GET', `/v1/models/${failedModelId}`, workspace.apiKey)).status).toBe(200);

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete model' }).click();
    await page.waitForURL(/#\/models$/);
    await waitForRows((r) => !r.some((ref) => ref.includes('wrong')) && r.includes(activeModel.ref), 'the deleted model gone');
    expect((await api('GET', `/v1/models/${failedModelId}`, workspace.apiKey)).status).toBe(404);
  });

  step('can be used with the keyboard alone: dialogs, tabs and switches', async () => {
    await goto(`/models/${encodeURIComponent(activeModel.id)}`);
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');

    const rotate = page.getByRole('button', { name: 'Rotate key' });
    await rotate.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'rotate-api-key');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Rotate key');

    await page.getByRole('tab', { name: 'curl' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-tab') === 'node');
    expect(await page.getByRole('tab', { name: 'Node.js (openai)' }).getAttribute('aria-selected')).toBe('true');

    await goto('/models?owner=public');
    const toggle = page.locator('tr[data-owner="public"] [role="switch"]').first();
    const before = await toggle.getAttribute('aria-checked');
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction((was) => document.querySelector('tr[data-owner="public"] [role="switch"]')?.getAttribute('aria-checked') !== was, before);
    await page.keyboard.press('Space');
    await page.waitForFunction((was) => document.querySelector('tr[data-owner="public"] [role="switch"]')?.getAttribute('aria-checked') === was, before);
  });

  step('shows usage after calls through the gateway, for the workspace and for the model', async () => {
    for (let i = 0; i < 3; i += 1) {
      const call = await chatThroughGateway(workspace.apiKey, activeModel.ref, `hello ${i}`);
      expect(call.status).toBe(200);
    }
    const report = await waitForUsage(workspace.apiKey, activeModel.ref, 3);
    const group = report.groups.find((g) => g.key === activeModel.ref || g.modelRef === activeModel.ref);

    await goto('/usage?days=7');
    await page.locator(`tr[data-model-ref="${activeModel.ref}"]`).waitFor();
    expect(await page.locator('[data-figure="requests"]').textContent()).toBe(String(report.totals.requests));
    await page.locator('figure.chart svg rect').first().waitFor();
    // The drill-down: the requests behind the figures, newest first (GET /v1/usage/requests).
    const firstPage = Math.min(report.totals.requests, 25);
    await page.locator('section[aria-labelledby="usage-requests"] tr[data-request-id]').nth(firstPage - 1).waitFor();
    expect(await page.locator('section[aria-labelledby="usage-requests"] tr[data-request-id]').count()).toBe(firstPage);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('2xx');
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('section[aria-labelledby="usage-requests"] td[data-label="Status"]')];
      return cells.length > 0 && cells.every((cell) => cell.textContent?.startsWith('2'));
    });
    await page.getByRole('combobox', { name: 'Status' }).selectOption('');
    await shot('10-usage');

    await goto(`/models/${encodeURIComponent(activeModel.id)}`);
    await waitForText(page.locator('section[aria-labelledby="model-usage-title"] [data-figure="requests"]'), String(group?.requests ?? 3));
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    await page.locator('section[aria-labelledby="model-usage-title"] figure.chart').waitFor();
    await shot('11-model-usage');
  });

  step('works in a narrow window', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await goto('/models');
      await page.locator('table.table--models tbody tr').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot('12-garden-narrow');
      await goto('/models/new');
      await page.getByLabel('Base URL').waitFor();
      await shot('13-add-model-narrow');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  step('signs out and forgets the key', async () => {
    await goto('/models');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to your workspace' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to your workspace' }).waitFor();
  });
});
