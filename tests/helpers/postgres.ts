import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aptInstall, run } from './debian.js';

/**
 * A real PostgreSQL for the tests, started by the tests: Debian's `postgresql` package (installed
 * with apt-get when missing and running as root), a fresh cluster in a temp folder, on a free
 * loopback port, trust auth. Returns how to reach it, or why there is none (the caller skips and
 * says so loudly).
 */

export interface PgServer {
  url: (database?: string) => string;
  stop: () => Promise<void>;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const found = versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  return found ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PgServer | { missing: string }> {
  const root = process.getuid?.() === 0;
  let bin = binDir();
  if (!bin) {
    const failed = await aptInstall('postgresql');
    if (failed) return { missing: failed };
    bin = binDir();
  }
  if (!bin) return { missing: 'PostgreSQL is not installed (apt-get install postgresql) and this is not root' };
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-pg-'));
  // PostgreSQL refuses to run as root: as root, the cluster belongs to Debian's `postgres` user.
  const as = (command: string, args: string[]) =>
    root ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
  if (root) {
    const id = await run('id', ['-u', 'postgres']);
    const gid = await run('id', ['-g', 'postgres']);
    if (id.code !== 0) return { missing: 'no postgres user to run PostgreSQL as' };
    chownSync(dir, Number(id.output.trim()), Number(gid.output.trim()));
  }
  const data = join(dir, 'data');
  const init = await as(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  if (init.code !== 0) return { missing: `initdb failed: ${init.output.slice(-400)}` };
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
  const start = await as(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  if (start.code !== 0) return { missing: `pg_ctl start failed: ${start.output.slice(-400)}` };
  return {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await as(join(bin!, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
