import { spawn } from 'node:child_process';

/**
 * Runs a command and collects its output. Installs Debian packages for tests that need a real
 * Chromium or PostgreSQL: as root only, waiting for apt's lock when another test file is
 * installing at the same time (vitest runs files in parallel).
 */

export function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ code: -1, output: String(e) }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

const LOCKED = /Could not get lock|Unable to lock|is another process using it/i;

async function apt(args: string[]): Promise<{ code: number; output: string }> {
  const until = Date.now() + 8 * 60_000;
  for (;;) {
    const r = await run('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args]);
    if (r.code === 0 || !LOCKED.test(r.output) || Date.now() > until) return r;
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

/** Installs a package; null when done, else why not. */
export async function aptInstall(pkg: string): Promise<string | null> {
  if (process.getuid?.() !== 0) return `${pkg} is not installed and this is not root (apt-get install ${pkg})`;
  const update = await apt(['update']);
  if (update.code !== 0) return `apt-get update failed: ${update.output.slice(-400)}`;
  const install = await apt(['install', '-y', pkg]);
  return install.code === 0 ? null : `apt-get install ${pkg} failed: ${install.output.slice(-400)}`;
}
