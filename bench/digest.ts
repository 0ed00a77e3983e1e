import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb } from '../src/db/client.js';
import { people } from '../src/db/schema.js';
import { buildHome } from '../src/services/home.js';
import { renderTeamDigest, renderTeamDigests } from '../src/services/teamDigest.js';
import { getActiveCycle } from '../src/store/cycles.js';
import { listTeams } from '../src/store/teams.js';
import { renderHome } from '../src/views/home.js';
import { rollupData } from '../src/services/rollup.js';
import { renderRollup } from '../src/views/rollup.js';
import { saveResults, seed, table } from './lib.js';

/**
 * Digest at scale: 10,000 KRs with 13 weeks of check-ins (130,000 rows). Time to build and render
 * every team's digest, and the App Home of owners with 20 KRs each.
 */

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

export async function runDigestBench() {
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-bench-digest-'));
  const db = openDb(join(dir, 'okrbot.db'));
  try {
    const now = '2027-03-29T12:00:00Z'; // week 13
    const seeded = performance.now();
    seed(db, {
      cycleStart: '2027-01-04',
      cycleEnd: '2027-04-04',
      teams: 100,
      owners: 500,
      krsPerOwner: 20,
      weeks: 13,
      now,
    });
    const seedSeconds = (performance.now() - seeded) / 1000;
    const deps = { db, clock: () => new Date(now) };
    const cycle = (await getActiveCycle(db))!;
    const teams = await listTeams(db);

    const allDigests = async () => {
      const t = performance.now();
      let blocks = 0;
      for (const message of (await renderTeamDigests(deps, cycle, teams, 13)).values()) blocks += message.blocks.length;
      return { ms: performance.now() - t, blocks };
    };
    await allDigests(); // warm-up
    const runs: Array<{ ms: number; blocks: number }> = [];
    for (let i = 0; i < 7; i++) runs.push(await allDigests());
    const digestMs = runs.map((r) => r.ms);
    // One team on its own (a digest posted at a team-specific time), for comparison.
    const single: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await renderTeamDigest(deps, cycle, teams[i % teams.length]!, 13);
      single.push(performance.now() - t);
    }

    const owners = db.select().from(people).all();
    for (const o of owners.slice(0, 50)) renderHome(await buildHome(deps, o)); // warm-up
    const homeMs: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const o = owners[i % owners.length]!;
      const t = performance.now();
      renderHome(await buildHome(deps, o));
      homeMs.push(performance.now() - t);
    }

    // The leaders' roll-up (text, charts off): what a check-in cost when it redrew it in place; now
    // the scheduler's tick redraws it once a minute at most, whatever the number of check-ins.
    const rollupMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      renderRollup(await rollupData(deps, cycle, 13));
      rollupMs.push(performance.now() - t);
    }

    const result = {
      krs: 10_000,
      checkins: 130_000,
      teams: teams.length,
      seedSeconds,
      allDigestsMs: { median: percentile(digestMs, 50), max: Math.max(...digestMs) },
      singleTeamDigestMs: { p50: percentile(single, 50), p99: percentile(single, 99) },
      homeMs: { p50: percentile(homeMs, 50), p99: percentile(homeMs, 99), krsPerOwner: 20 },
      rollupMs: percentile(rollupMs, 50),
    };
    table(
      'Digest at scale: 10,000 KRs × 13 weeks of check-ins (targets: every team’s digest ≤ 150 ms in all; App Home p99 ≤ 10 ms)',
      [
        {
          measure: `build + render all ${teams.length} team digests (median of 7)`,
          ms: result.allDigestsMs.median,
          target: '≤ 150',
        },
        { measure: 'same, slowest run', ms: result.allDigestsMs.max, target: '' },
        { measure: 'one team on its own (100 KRs), p99 of 200', ms: result.singleTeamDigestMs.p99, target: '' },
        { measure: 'App Home, owner with 20 KRs, p50 (1,000 runs)', ms: result.homeMs.p50, target: '' },
        { measure: 'App Home, owner with 20 KRs, p99', ms: result.homeMs.p99, target: '≤ 10' },
        {
          measure: 'leadership roll-up redrawn (median of 5; once a tick, not per check-in)',
          ms: result.rollupMs,
          target: '',
        },
      ],
    );
    saveResults('digest', result);
    return result;
  } finally {
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (/digest\.[jt]s$/.test(process.argv[1] ?? '')) await runDigestBench();
