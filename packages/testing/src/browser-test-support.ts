import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium (`scripts/services/chromium.sh up`), or `CHROMIUM_PATH`. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Runs `use` with a headless Chromium on a fresh, empty profile (nothing from an earlier run or the
 * machine's user leaks in), then closes it and removes the profile.
 */
export async function withChromium<T>(
  use: (context: BrowserContext) => Promise<T>,
  viewport = { width: 1200, height: 900 },
): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'scalerkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    return await use(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Where tests save the screenshots the docs use: `SCALERKIT_SCREENSHOTS=docs/images` writes them there
 * (unset: nowhere, so a test run leaves the tree as it was).
 */
export function screenshotPath(name: string): string | undefined {
  const directory = process.env.SCALERKIT_SCREENSHOTS;
  if (!directory) return undefined;
  mkdirSync(directory, { recursive: true });
  return join(directory, name);
}
