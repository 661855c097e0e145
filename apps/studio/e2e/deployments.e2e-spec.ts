import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelView } from '@model-garden/contracts';
import type { Page } from 'playwright-core';
import { type Browser, WORKSPACE_ROOT, openStudioPage, screenshotDir } from './support/browser';
import { addModel, api, createWorkspace, stack } from './support/stack-api';
import { pageSteps, signIn } from './support/page-steps';
import { ensureStudioBuild } from './support/studio-build';

/**
 * The Deployments section in a real browser against the real stack (registry,
 * validator, gateway, mock provider): a person creates a deployment with two variants
 * on two mock models, sees the template variables, routes by context with a split
 * that must add up to 100, publishes with notes, compares versions, restores one, sees
 * a publish refused for a capability a model lacks, and calls the deployment from the
 * playground (streamed through the gateway, which allows the studio's origin).
 *
 * The tests of this file run in order and share one workspace and one page.
 */

const WAIT = 20_000;
const KEY = 'support-bot';

let browser: Browser;
let studioUrl: string;
let page: Page;
let workspace: { slug: string; apiKey: string };
let shots: string;
const { shot, waitForText, step } = pageSteps({ page: () => page, shots: () => shots, label: 'deployments', wait: WAIT });
let modelA: ModelView;
let modelB: ModelView;
let basic: ModelView;



async function goto(hash: string): Promise<void> {
  const url = `${studioUrl}#${hash}`;
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.locator('main h1').first().waitFor({ timeout: WAIT });
}


/** Publishes what the editor holds, with a note, and waits for the overview of the new version. */
async function publish(note: string, version: number): Promise<void> {
  await page.getByRole('button', { name: /^(Publish new version|Create deployment)…$/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Note/).fill(note);
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await page.waitForURL(new RegExp(`#/deployments/${KEY}$`), { timeout: WAIT });
  await waitForText(page.locator('#current-title'), `Version ${version}`);
}

beforeAll(async () => {
  shots = screenshotDir();
  ensureStudioBuild();
  workspace = await createWorkspace('studio-deployments');
  studioUrl = `${stack.registry()}/studio/`;
  [modelA, modelB, basic] = await Promise.all([
    addModel(workspace.apiKey, { name: 'Mock A', key: 'mock-a', modelId: 'mock-chat', pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } }),
    addModel(workspace.apiKey, { name: 'Mock B', key: 'mock-b', modelId: 'mock-chat', pricing: { inputPerMillionTokens: 3, outputPerMillionTokens: 4 } }),
    addModel(workspace.apiKey, { name: 'Mock basic', key: 'mock-basic', modelId: 'mock-chat-basic' }),
  ]);
  for (const m of [modelA, modelB]) if (m.status !== 'active') throw new Error(`${m.name} is ${m.status}: ${m.statusMessage}`);
  ({ browser, page } = await openStudioPage(WAIT));
  await signIn(page, studioUrl, workspace.apiKey);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('deployments in the studio, against the real stack', () => {
  step('starts from an empty list and opens the editor', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deployments' }).click();
    await page.getByRole('heading', { name: 'No deployments yet' }).waitFor();
    await page.getByRole('button', { name: 'Create the first one' }).click();
    await page.getByRole('heading', { name: 'New deployment' }).waitFor();
  });

  step('picks models beside the public catalogue, with status and capabilities', async () => {
    await page.locator('#deployment-key').fill(KEY);
    await page.locator('#deployment-description').fill('Answers customers');
    const picker = page.locator('#variant-0-model');
    await waitForText(picker.locator('optgroup[label="Private models"]'), 'Mock A');
    expect(await picker.locator('optgroup[label="Public models"] option').count()).toBeGreaterThan(0);
    await picker.selectOption(modelA.ref);
    const detail = page.locator('#variant-0-model-detail');
    await waitForText(detail, 'Active');
    expect(await detail.textContent()).toMatch(/Private · chat/);
    expect(await detail.textContent()).toMatch(/Can: .*chat/i);
    await page.locator('#variant-0-key').fill('a');
  });

  step('highlights {{variables}} as they are typed and lists them with required or default', async () => {
    await page.getByLabel('Message 2 (user)').fill('Answer {{question}} in {{language}}.');
    const marks = page.locator('.variant-card').first().locator('mark.template-var');
    await waitForText(marks.nth(1), '{{language}}');
    expect(await marks.allTextContents()).toEqual(['{{question}}', '{{language}}']);
    const language = page.locator('.variant-card').first().locator('tr[data-variable="language"]');
    expect(await language.getAttribute('data-state')).toBe('undeclared');
    // Declared (as optional, with a default) it is fine.
    await language.getByLabel('language is required').uncheck();
    await language.getByLabel('Default value of language').fill('English');
    expect(await language.getAttribute('data-state')).toBe('ok');
    // A section is refused by the registry: the editor says so at once.
    await page.getByLabel('Message 1 (system)').fill('You help. {{#vip}}Be extra kind.{{/vip}}');
    await waitForText(page.locator('#variant-0-content-0-error'), 'sections');
    await page.getByLabel('Message 1 (system)').fill('You are a helpful support agent.');
    expect(await page.locator('#variant-0-content-0-error').count()).toBe(0);
  });

  step('adds a second variant and routes by context, with a split that must add up to 100', async () => {
    await page.getByRole('button', { name: 'Add variant' }).click();
    await page.locator('#variant-1-key').fill('b');
    await page.locator('#variant-1-model').selectOption(modelB.ref);
    await page.locator('.variant-card').nth(1).getByLabel('Message 2 (user)').fill('{{question}} (in {{language}})');
    const langB = page.locator('.variant-card').nth(1).locator('tr[data-variable="language"]');
    await langB.getByLabel('language is required').uncheck();
    await langB.getByLabel('Default value of language').fill('English');

    await page.locator('#routing-new-field').fill('country');
    await page.getByRole('button', { name: 'Add column' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 1: condition on country').selectOption('eq');
    await page.getByLabel('Rule 1: value of country').fill('fr');
    await page.getByLabel('Rule 1: variant').selectOption('b');

    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 2: condition on country').selectOption('exists');
    await page.getByLabel('Rule 2: send to').selectOption('split');
    const total = page.locator('tr[data-rule-index="1"] .split-total');
    await waitForText(total, 'Total 100 %');
    await page.getByLabel('Rule 2: share of split variant 1 (%)').fill('60');
    await page.getByLabel('Rule 2: share of split variant 2 (%)').fill('30');
    await waitForText(total, 'must add up to 100');
    expect(await total.getAttribute('data-split-total')).toBe('90');
    // Publishing is refused by the studio with the field path.
    await page.getByRole('button', { name: 'Create deployment…' }).click();
    await waitForText(page.getByTestId('publish-problems'), 'routing.rules[1].split');
    await page.getByLabel('Rule 2: share of split variant 1 (%)').fill('70');
    await waitForText(total, 'Total 100 %');
    await page.getByLabel('Default variant').selectOption('a');
    await shot('20-deployment-editor');
    // The README's picture: written when missing, or on request (STUDIO_DOCS_SCREENSHOT=1), so a test run leaves git clean.
    const docsImage = join(WORKSPACE_ROOT, 'docs/images/studio-deployment-editor.png');
    if (!existsSync(docsImage) || process.env['STUDIO_DOCS_SCREENSHOT'] === '1') {
      mkdirSync(dirname(docsImage), { recursive: true });
      copyFileSync(join(shots, '20-deployment-editor.png'), docsImage);
    }
  });

  step('creates version 1 with a note and shows it with its routing', async () => {
    await publish('First version: A by default, B for France', 1);
    const routing = await page.getByTestId('routing-summary').textContent();
    expect(routing).toContain('when country = fr → b');
    expect(routing).toContain('a 70 % / b 30 %');
    expect(routing).toContain('else → a');
    await page.locator('tr[data-variant="a"]').waitFor();
    expect(await page.locator('tr[data-variant="b"] td').first().textContent()).toBe(modelB.ref);
    await shot('21-deployment-overview');
  });

  step('refuses a publish for a capability the model lacks, naming the variant and the model', async () => {
    if (basic.validation?.capabilities.functionCalling !== false) throw new Error(`mock-chat-basic should lack tools: ${JSON.stringify(basic.validation?.capabilities)}`);
    await page.getByRole('navigation', { name: `Deployment ${KEY}` }).getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: `Edit ${KEY}` }).waitFor();
    await page.locator('#variant-1-model').selectOption(basic.ref);
    await page.locator('.variant-card').nth(1).locator('summary').click();
    await page.locator('#variant-1-tools').fill(JSON.stringify([{ type: 'function', function: { name: 'lookup_order', parameters: { type: 'object', properties: {} } } }]));
    await page.getByRole('button', { name: 'Publish new version…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    const problems = await waitForText(page.getByTestId('publish-problems'), /variants\[1\]/);
    expect(problems).toMatch(/function calling|tools/i);
    expect(problems).toContain(basic.ref.split('/').pop() ?? 'mock-basic');
  });

  step('publishes version 2 and compares it with version 1', async () => {
    await page.locator('#variant-1-tools').fill('');
    await page.locator('#variant-1-model').selectOption(modelB.ref);
    await page.locator('.variant-card').first().locator('summary').click();
    await page.locator('#variant-0-temperature').fill('0.2');
    await publish('Cooler answers from A', 2);
    await page.getByRole('navigation', { name: `Deployment ${KEY}` }).getByRole('link', { name: 'Versions' }).click();
    await page.locator('tr[data-version="2"]').waitFor();
    const diff = page.getByTestId('version-diff');
    await waitForText(diff.locator('h2'), 'v1 → v2');
    expect(await diff.locator('[data-kind="added"]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"temperature": 0.2')]));
    expect(await page.locator('tr[data-version="2"]').textContent()).toContain('Cooler answers from A');
    await shot('22-deployment-versions');
  });

  step('restores version 1 as version 3, live at once', async () => {
    await page.getByRole('button', { name: 'Restore v1' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Note/).fill('Back to the first prompt');
    await dialog.getByRole('button', { name: 'Restore v1' }).click();
    await page.locator('tr[data-version="3"]').waitFor();
    expect(await page.locator('tr[data-version="3"]').textContent()).toMatch(/restored from v1/);
    expect(await page.locator('tr[data-version="3"]').getAttribute('aria-current')).toBe('true');
    await waitForText(page.getByTestId('version-diff').locator('h2'), 'v1 → v3');
    expect(await page.getByTestId('version-diff').locator('[data-diff-summary]').textContent()).toContain('The two versions configure the same thing.');
    const got = await api<{ currentVersion: number }>('GET', `/v1/deployments/${KEY}`, workspace.apiKey);
    expect(got.body.currentVersion).toBe(3);
  });

  step('invokes the current version from the playground, streamed through the gateway, and routes by context', async () => {
    await page.getByRole('navigation', { name: `Deployment ${KEY}` }).getByRole('link', { name: 'Playground' }).click();
    await page.getByRole('heading', { name: `Playground: ${KEY}` }).waitFor();
    await page.locator('#input-question').fill('Where is my order?');
    await page.getByRole('button', { name: 'Invoke' }).click();
    const served = page.getByTestId('served-by');
    await waitForText(served.locator('[data-served-version]'), 'v3');
    await waitForText(served.locator('[data-tokens]'), /\d+ \/ \d+/);
    expect((await page.getByTestId('answer').textContent())?.length ?? 0).toBeGreaterThan(0);
    const variant = (await served.locator('[data-served-variant]').textContent()) ?? '';
    expect(['a', 'b']).toContain(variant);
    expect(await served.locator('[data-cost]').textContent()).toMatch(/\$/);
    await shot('23-deployment-playground');

    await page.locator('#call-context').fill('{"country": "fr"}');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await waitForText(served.locator('[data-served-variant]'), 'b');
    await page.locator('#call-context').fill('{oops');
    await page.getByRole('button', { name: 'Invoke' }).click();
    await waitForText(page.getByTestId('invoke-error'), 'Context is not valid JSON');
  });

  step('lists the deployment with its version, variants, health and calls of the last 24 hours', async () => {
    await goto('/deployments');
    const row = page.locator(`tr[data-deployment-key="${KEY}"]`);
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('v3');
    expect(await row.locator('[data-health]').getAttribute('data-health')).toBe('healthy');
    const deadline = Date.now() + WAIT;
    let calls = '0';
    while (Date.now() < deadline) {
      await goto('/deployments');
      calls = (await page.locator(`tr[data-deployment-key="${KEY}"] [data-calls]`).textContent()) ?? '0';
      if (Number(calls.replace(/\D/g, '')) >= 2) break;
      await page.waitForTimeout(500);
    }
    expect(Number(calls.replace(/\D/g, ''))).toBeGreaterThanOrEqual(2);
    await shot('24-deployments-list');
  });

  step('turns the response cache on in the editor (published as version 4) and invalidates it after a confirmation', async () => {
    await goto(`/deployments/${KEY}`);
    await page.getByRole('navigation', { name: `Deployment ${KEY}` }).getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: `Edit ${KEY}` }).waitFor();
    await page.getByRole('switch', { name: 'Exact-match cache' }).click();
    await page.locator('#cache-ttl').fill('600');
    await publish('Cache identical calls for 10 minutes', 4);
    const published = await api<{ current: { cache: unknown } }>('GET', `/v1/deployments/${KEY}`, workspace.apiKey);
    expect(published.body.current.cache).toEqual({ type: 'exact_match', ttl: 600 });

    await page.getByRole('navigation', { name: `Deployment ${KEY}` }).getByRole('link', { name: 'Edit' }).click();
    expect(await page.getByRole('switch', { name: 'Exact-match cache' }).getAttribute('aria-checked')).toBe('true');
    expect(await page.locator('#cache-ttl').inputValue()).toBe('600');
    await page.getByRole('button', { name: 'Invalidate cache…' }).click();
    const dialog = page.getByRole('dialog');
    await waitForText(dialog, /becomes a miss at every gateway/);
    await dialog.getByRole('button', { name: 'Invalidate' }).click();
    await page.getByText(`${KEY}: every cached answer is a miss from now on.`).waitFor();
    // The studio's click bumped the deployment's cache generation to 1: the next one is 2.
    const again = await api<{ generation: number }>('POST', `/v1/deployments/${KEY}/cache/invalidate`, workspace.apiKey);
    expect(again.body.generation).toBe(2);
  });

  step('shows which variant is affected when one of its models fails', async () => {
    // Model B gets a key the provider refuses: validation fails it, and the deployment says so.
    const rotated = await api<ModelView>('PUT', `/v1/models/${encodeURIComponent(modelB.id)}/api-key`, workspace.apiKey, { apiKey: 'sk-wrong-key-for-the-mock-1234' });
    expect(rotated.status).toBeLessThan(300);
    const deadline = Date.now() + WAIT;
    while (Date.now() < deadline && (await api<ModelView>('GET', `/v1/models/${encodeURIComponent(modelB.id)}`, workspace.apiKey)).body.status === 'validating') await page.waitForTimeout(200);
    await goto(`/deployments/${KEY}`);
    const issues = await waitForText(page.getByTestId('health-issues'), 'Variant b');
    expect(issues).toContain(modelB.ref);
    expect(issues).toMatch(/failed/);
    expect(await page.locator('[data-health]').first().getAttribute('data-health')).not.toBe('healthy');
  });

  step('deletes the deployment after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: `Delete ${KEY}` }).click();
    await page.getByRole('heading', { name: 'No deployments yet' }).waitFor();
    expect((await api('GET', `/v1/deployments/${KEY}`, workspace.apiKey)).status).toBe(404);
  });
});
