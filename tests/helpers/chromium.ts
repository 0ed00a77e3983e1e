import { existsSync } from 'node:fs';
import { aptInstall } from './debian.js';

/**
 * Debian's Chromium for the browser tests, installed by the test itself when missing (as root,
 * from Debian's packages: the only registry besides npm a fresh machine reaches). Returns the
 * executable, or why there is none — the caller skips with that message.
 */

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a closed network: without the background ones Chromium keeps dialling Google. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function ensureChromium(): Promise<{ path: string } | { missing: string }> {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  const failed = await aptInstall('chromium');
  if (failed || !existsSync(CHROMIUM)) return { missing: failed ?? `${CHROMIUM} missing after installing chromium` };
  return { path: CHROMIUM };
}
