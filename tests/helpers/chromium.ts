import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Debian's Chromium for the browser tests, installed by the test itself when missing (as root,
 * from Debian's packages: the only registry besides npm a fresh machine reaches). Returns the
 * executable, or why there is none — the caller skips with that message.
 */

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a closed network: without the background ones Chromium keeps dialling Google. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: -1, output: String(e) }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

export async function ensureChromium(): Promise<{ path: string } | { missing: string }> {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  if (process.getuid?.() !== 0) return { missing: `${CHROMIUM} is not installed and this is not root (apt-get install chromium)` };
  const update = await run('apt-get', ['update']);
  if (update.code !== 0) return { missing: `apt-get update failed: ${update.output.slice(-400)}` };
  const install = await run('apt-get', ['install', '-y', 'chromium']);
  if (install.code !== 0 || !existsSync(CHROMIUM)) return { missing: `apt-get install chromium failed: ${install.output.slice(-400)}` };
  return { path: CHROMIUM };
}
