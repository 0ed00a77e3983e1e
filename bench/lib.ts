import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/db/client.js';

/** Shared helpers for `npm run bench`: deterministic data, child processes, tables, results file. */

/** The project root (where package.json is), whether running from bench/ or a compiled copy. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}
export const ROOT = findRoot();
/** Directory of the running bench scripts (bench/ or .bench-build/bench/). */
const HERE = dirname(fileURLToPath(import.meta.url));
const COMPILED = fileURLToPath(import.meta.url).endsWith('.js');
export const RESULTS = join(ROOT, 'bench', 'results.json');

export function table(title: string, rows: Array<Record<string, string | number>>): void {
  const cols = Object.keys(rows[0] ?? {});
  const cell = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c] ?? '').length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}\n${line(cols)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c] ?? ''))));
}

export function saveResults(key: string, value: unknown): void {
  const all = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  all[key] = value;
  all.machine = {
    node: process.version,
    cpus: (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? null,
    at: new Date().toISOString(),
  };
  writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Starts a bench script (by base name, e.g. 'fakeSlackServer') in its own process, compiled or via tsx. */
export async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  ready: string,
  nodeFlags: string[] = [],
): Promise<ChildProcess & { output: () => string }> {
  const script = join(HERE, `${name}${COMPILED ? '.js' : '.ts'}`);
  const child = spawn(process.execPath, [...nodeFlags, ...(COMPILED ? [] : ['--import', 'tsx']), script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) =>
      out.includes(ready) ? resolve() : reject(new Error(`${script} exited ${code}:\n${out}`)),
    );
  });
  return Object.assign(child, { output: () => out });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** A small deterministic PRNG (mulberry32), so every run generates the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'Africa/Lagos'];

/**
 * Seeds a cycle with `teams` teams, `owners` owners and `krsPerOwner` KRs each, straight into
 * SQLite (one transaction), and optionally `weeks` weeks of check-ins for every KR.
 */
export function seed(
  db: Db,
  o: {
    cycleStart: string;
    cycleEnd: string;
    teams: number;
    owners: number;
    krsPerOwner: number;
    weeks?: number;
    now: string;
  },
): void {
  const raw = db.$client;
  const rnd = prng(42);
  raw.transaction(() => {
    raw
      .prepare("INSERT INTO cycles (name, start_date, end_date, mid_date, state) VALUES ('bench', ?, ?, ?, 'active')")
      .run(o.cycleStart, o.cycleEnd, o.cycleStart);
    const team = raw.prepare(
      "INSERT INTO teams (name, digest_channel, checkin_weekday, checkin_time, timezone) VALUES (?, ?, 1, '10:00', 'UTC')",
    );
    for (let t = 1; t <= o.teams; t++) team.run(`Team ${t}`, `C${String(t).padStart(8, '0')}`);
    const objective = raw.prepare(
      'INSERT INTO objectives (cycle_id, team_id, key, title, position) VALUES (1, ?, ?, ?, ?)',
    );
    for (let t = 1; t <= o.teams; t++) {
      objective.run(t, `T${t}-O1`, `Team ${t}: make advanced features easy to discover`, 0);
      objective.run(t, `T${t}-O2`, `Team ${t}: make releases boringly reliable`, 1);
    }
    const person = raw.prepare(
      'INSERT INTO people (slack_user_id, email, name, timezone, timezone_refreshed_at) VALUES (?, ?, ?, ?, ?)',
    );
    const kr = raw.prepare(
      "INSERT INTO key_results (objective_id, cycle_id, key, title, owner_id, baseline, target, unit, position) VALUES (?, 1, ?, ?, ?, 1000, 2000, 'users', ?)",
    );
    const counts = new Map<number, number>();
    for (let p = 1; p <= o.owners; p++) {
      person.run(
        `U${String(p).padStart(8, '0')}`,
        `owner${p}@example.com`,
        `Owner ${p}`,
        ZONES[p % ZONES.length],
        o.now,
      );
      const t = ((p - 1) % o.teams) + 1;
      for (let k = 0; k < o.krsPerOwner; k++) {
        const objectiveId = (t - 1) * 2 + 1 + (k % 2);
        const n = (counts.get(objectiveId) ?? 0) + 1;
        counts.set(objectiveId, n);
        kr.run(
          objectiveId,
          `T${t}-O${1 + (k % 2)}-KR${n}`,
          `Increase metric ${p}.${k} from 1,000 to 2,000 weekly users`,
          p,
          n,
        );
      }
    }
    if (o.weeks) {
      const ci = raw.prepare(
        'INSERT INTO checkins (kr_id, week, confidence, evidence, value, author_id) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const krCount = o.owners * o.krsPerOwner;
      for (let id = 1; id <= krCount; id++) {
        const owner = Math.ceil(id / o.krsPerOwner);
        for (let w = 1; w <= o.weeks; w++) {
          const c = rnd() < 0.7 ? 2 : rnd() < 0.6 ? 1 : 0;
          ci.run(
            id,
            w,
            c,
            `Week ${w}: ${c === 2 ? 'on plan' : 'behind plan, adoption slower than expected'} (${Math.round(1000 + w * 70 * rnd())} users)`,
            1000 + w * 50,
            owner,
          );
        }
      }
    }
  })();
}

/** A request as Slack sends it to /slack/events, signed with `secret` now. */
export function signedSlackRequest(body: string, contentType: string, secret: string) {
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    method: 'POST' as const,
    path: '/slack/events',
    body,
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig },
  };
}

/** `/okr mine` from a user of a workspace, as Slack posts the slash command. */
export function okrMineRequest(user: string, team: string, responseUrl: string, secret: string) {
  const body = new URLSearchParams({
    command: '/okr',
    text: 'mine',
    user_id: user,
    team_id: team,
    channel_id: 'C0GENERAL',
    trigger_id: 't1',
    response_url: responseUrl,
    api_app_id: 'A0',
  }).toString();
  return signedSlackRequest(body, 'application/x-www-form-urlencoded', secret);
}
