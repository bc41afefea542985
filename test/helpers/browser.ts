/**
 * Debian's Chromium driven by playwright-core, for tests of pages in a real browser. `.ci/run` installs the
 * `chromium` package; on a machine without it the browser tests skip with the reason printed, except in CI
 * (CI=true), where a missing browser is a failure.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off this machine's closed network and away from anything but the page under test. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumAvailable = fs.existsSync(CHROMIUM);

/** Why browser tests cannot run here, or undefined when they can; throws in CI so a missing browser fails the run. */
export function chromiumSkipReason(): string | undefined {
  if (chromiumAvailable) return undefined;
  const reason = `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), as .ci/run does`;
  if (process.env.CI) throw new Error(reason);
  process.stdout.write(`skipping browser tests: ${reason}\n`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
