import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelView } from '@model-garden/contracts';
import type { Page } from 'playwright-core';
import { type Browser, WORKSPACE_ROOT, openStudioPage, screenshotDir } from './support/browser';
import { addModel, createWorkspace, stack } from './support/stack-api';
import { pageSteps, signIn } from './support/page-steps';
import { ensureStudioBuild } from './support/studio-build';

/**
 * The Experiments section in a real browser against the real stack (registry,
 * experiment worker, gateway, mock provider): a person uploads a dataset (a bad file
 * is refused line by line in the preview first), edits a row, builds an experiment
 * with two model columns, an evaluator and two repetitions, watches the grid fill
 * live, reads an answer beside its expected output, and compares two runs.
 *
 * The tests of this file run in order and share one workspace and one page.
 */

const WAIT = 30_000;

let browser: Browser;
let studioUrl: string;
let page: Page;
let workspace: { slug: string; apiKey: string };
let shots: string;
const { shot, waitForText, step } = pageSteps({ page: () => page, shots: () => shots, label: 'experiments', wait: WAIT });
let modelA: ModelView;
let modelB: ModelView;

const QUESTIONS = ['What is 2+2?', 'Name a colour.', 'Capital of France?', 'Say hi.'];
/** The mock answers "Mock reply to: <question>": rows 1 and 2 expect exactly that, rows 3 and 4 something else. */
const ROWS = QUESTIONS.map((question, i) => ({ inputs: { question }, expectedOutput: i < 2 ? `Mock reply to: ${question}` : `Something else ${i}` }));




async function chooseFile(name: string, text: string): Promise<void> {
  await page.locator('#dataset-file').setInputFiles({ name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson', buffer: Buffer.from(text) });
}

beforeAll(async () => {
  shots = screenshotDir();
  ensureStudioBuild();
  workspace = await createWorkspace('studio-experiments');
  studioUrl = `${stack.registry()}/studio/`;
  [modelA, modelB] = await Promise.all([
    addModel(workspace.apiKey, { name: 'Mock A', key: 'mock-a', modelId: 'mock-chat', pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } }),
    addModel(workspace.apiKey, { name: 'Mock B', key: 'mock-b', modelId: 'mock-chat', pricing: { inputPerMillionTokens: 3, outputPerMillionTokens: 4 } }),
  ]);
  for (const m of [modelA, modelB]) if (m.status !== 'active') throw new Error(`${m.name} is ${m.status}: ${m.statusMessage}`);
  ({ browser, page } = await openStudioPage(WAIT));
  await signIn(page, studioUrl, workspace.apiKey);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('experiments in the studio, against the real stack', () => {
  step('previews an upload and names each bad line before anything is sent', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('heading', { name: 'Experiments', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Experiments section' }).getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('button', { name: 'Upload dataset' }).click();
    const bad = [JSON.stringify(ROWS[0]), '{not json', JSON.stringify({ inputs: { question: { nested: true } } })].join('\n');
    await chooseFile('support-cases.jsonl', bad);
    const problems = await waitForText(page.getByTestId('upload-problems'), 'line 3.inputs.question');
    expect(problems).toContain('line 2 is not JSON');
    expect(await page.getByRole('button', { name: 'Create dataset' }).isDisabled()).toBe(true);
    await shot('30-dataset-upload-errors');
  });

  step('uploads a good file, shows its first rows, and creates the dataset', async () => {
    await chooseFile('support-cases.jsonl', ROWS.map((r) => JSON.stringify(r)).join('\n'));
    await waitForText(page.getByTestId('upload-preview'), '4 rows read');
    expect(await page.getByTestId('upload-preview').locator('tbody tr').count()).toBe(4);
    expect(await page.locator('#dataset-name').inputValue()).toBe('support-cases');
    await page.getByRole('button', { name: 'Create dataset' }).click();
    await page.getByRole('heading', { name: 'support-cases', level: 1 }).waitFor();
    await page.locator('tr[data-row="3"]').waitFor();
    expect(await page.locator('tr[data-row="0"]').textContent()).toContain('What is 2+2?');
  });

  step('edits a row', async () => {
    await page.getByRole('button', { name: 'Edit row 4' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Expected output/).fill('Hello!');
    await dialog.getByRole('button', { name: 'Save row' }).click();
    await waitForText(page.locator('tr[data-row="3"]'), 'Hello!');
    await shot('31-dataset');
  });

  step('builds an experiment with two model columns, an evaluator and two repetitions, and runs it', async () => {
    await page.getByRole('navigation', { name: 'Experiments section' }).getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('link', { name: 'New experiment' }).click();
    await page.getByRole('heading', { name: 'New experiment' }).waitFor();
    await page.locator('#exp-name').fill('Mock A vs Mock B');
    await waitForText(page.locator('#exp-dataset'), 'support-cases');
    await page.locator('#exp-dataset').selectOption({ label: 'support-cases (4 rows)' });
    await page.locator('#col-0-name').fill('A');
    await page.locator('#col-0-model').selectOption(modelA.ref);
    expect(await page.getByLabel('Column 1 message 1').inputValue()).toBe('{{question}}');
    await page.getByRole('button', { name: 'Add a model column' }).click();
    await page.locator('#col-1-name').fill('B');
    await page.locator('#col-1-model').selectOption(modelB.ref);
    await page.locator('#exp-repetitions').fill('2');
    await page.getByLabel(/Exact match \(exact match/).check();
    await shot('32-experiment-builder');
    await page.getByRole('button', { name: /^Create and run \(16 cells\)$/ }).click();
    await page.getByRole('heading', { name: 'Run 1' }).waitFor();
  });

  step('fills the grid live, with the registry\'s column aggregates over the whole run', async () => {
    await waitForText(page.locator('[data-run-status]'), 'completed', 60_000);
    expect(await page.locator('[data-progress]').getAttribute('data-progress')).toBe('16/16');
    const grid = page.getByTestId('run-grid');
    expect(await grid.getAttribute('data-rows')).toBe('4');
    // Rows 1 and 2 expect the mock's answer: exact match passes there, fails on rows 3 and 4.
    for (const column of ['c1', 'c2']) {
      // The header's aggregates are the registry's, over the whole run: 4 rows × 2 repetitions per column.
      await page.locator(`[data-aggregate="${column}"][data-completed="8"][data-cells="8"]`).waitFor({ timeout: 10_000 });
      const mean = await page.locator(`[data-aggregate="${column}"] [data-evaluator="builtin.exact_match"]`).getAttribute('data-mean');
      expect(Number(mean)).toBeCloseTo(0.5, 5);
      expect(await page.locator(`[data-aggregate="${column}"] [data-error-rate]`).getAttribute('data-error-rate')).toBe('0');
    }
    expect(await grid.locator('tr[data-grid-row="0"] [data-cell-state="completed"]').count()).toBe(2);
    await shot('33-run-grid');
    // The README's picture: written when missing, or on request (STUDIO_DOCS_SCREENSHOT=1), so a test run leaves git clean.
    const docsImage = join(WORKSPACE_ROOT, 'docs/images/studio-experiment-run.png');
    if (!existsSync(docsImage) || process.env['STUDIO_DOCS_SCREENSHOT'] === '1') {
      mkdirSync(dirname(docsImage), { recursive: true });
      copyFileSync(join(shots, '33-run-grid.png'), docsImage);
    }
  });

  step('shows an answer beside its expected output with the differences marked', async () => {
    await page.getByRole('button', { name: 'Open row 3, A' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-repetition="2"]').waitFor();
    const compare = dialog.getByTestId('answer-compare').first();
    expect(await compare.locator('[data-side="answer"]').textContent()).toBe('Mock reply to: Capital of France?');
    expect(await compare.locator('del.diff-missing').count()).toBeGreaterThan(0);
    expect(await compare.locator('ins.diff-extra').count()).toBeGreaterThan(0);
    expect(await dialog.locator('[data-evaluator="builtin.exact_match"]').first().getAttribute('data-score')).toBe('0');
    await shot('34-cell-answer');
    // Re-running one cell runs it again (attempt 2) and the run completes again.
    await dialog.locator('[data-repetition="1"]').getByRole('button', { name: 'Re-run this cell' }).click();
    await waitForText(dialog.locator('[data-repetition="1"] h3'), 'attempt 2, completed', 60_000);
    expect(await dialog.locator('[data-repetition="2"] h3').textContent()).toContain('attempt 1');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await waitForText(page.locator('[data-run-status]'), 'completed', 60_000);
  });

  step('runs again and compares the two runs', async () => {
    await page.getByRole('link', { name: 'Back to the experiment' }).click();
    await page.getByRole('button', { name: 'Start a run' }).click();
    await page.getByRole('heading', { name: 'Run 2' }).waitFor();
    await waitForText(page.locator('[data-run-status]'), 'completed', 60_000);
    await page.locator('#baseline').selectOption({ label: 'Run 1 (completed)' });
    const comparison = page.getByTestId('comparison');
    await comparison.locator('tr[data-compare="c1/builtin.exact_match"]').waitFor();
    // The mock is deterministic: nothing got better or worse.
    expect(await comparison.locator('tr[data-compare="c1/builtin.exact_match"] [data-better]').textContent()).toBe('0');
    expect(await comparison.locator('tr[data-compare="c1/builtin.exact_match"] [data-worse]').textContent()).toBe('0');
    await waitForText(comparison, 'No row changed its score.');
  });

  step('exports the run as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('run-2.csv');
    const path = await download.path();
    const text = readFileSync(path, 'utf8');
    // A header, then one line per cell: 4 rows × 2 columns × 2 repetitions.
    expect(text.trim().split('\n').length).toBeGreaterThanOrEqual(17);
    expect(text).toContain('Capital of France?');
  });
});
