import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const WORKSPACE_ROOT = join(__dirname, '../../../..');
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Debian's Chromium, never a downloaded browser. Installs it through
 * scripts/ensure-chromium.sh when it is missing (as root, e.g. CI), or fails with
 * what to run.
 */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  try {
    execFileSync('bash', [join(WORKSPACE_ROOT, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  } catch {
    // The script printed why.
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}. Run: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile, removed on close. */
export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'studio-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** `.local/test-results/studio-screenshots/<run>/`, created and printed once. */
export function screenshotDir(): string {
  const run = process.env['MG_TEST_RUN_ID'] ?? new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(WORKSPACE_ROOT, '.local/test-results/studio-screenshots', run);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    process.stdout.write(`\nstudio screenshots: ${dir}\n`);
  }
  return dir;
}

/** A page in a fresh headless Chromium, as every studio spec uses it: its default timeout set, page errors written to stderr. */
export async function openStudioPage(timeoutMs: number): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (error) => process.stderr.write(`studio page error: ${error.message}\n`));
  return { browser, page };
}
