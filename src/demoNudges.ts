import type { Db } from './db/client.js';
import type { Cycle } from './db/schema.js';
import { answerRate, missedRun, onTimeStreak } from './domain/answering.js';
import { lintOkrs } from './domain/lint.js';
import type { KrInfo } from './domain/types.js';
import { weekDates } from './domain/time.js';
import { answeringFacts } from './store/answering.js';
import { claimDelivery, markSent, subjects } from './store/deliveries.js';
import { listTeams } from './store/teams.js';
import { renderEscalation } from './views/escalation.js';
import { answerRateText, streakText, timeToAnswerText } from './views/text.js';

/**
 * The demo's part for issue 24: the weekly DMs as the scheduler records them (so streaks and answer
 * rates have asks to count), then each owner's streak, the teams' answer rates, the escalation
 * Discovery's leads get, and the developer-OKR lint on a draft someone might type in `/okr new`.
 */

/** Records week `week`'s DM to every owner of an active KR, sent Monday 09:00 UTC (as the scheduler would). */
export async function recordDemoAsks(db: Db, cycle: Cycle, krs: KrInfo[], week: number): Promise<void> {
  const at = new Date(`${weekDates(cycle, week).first}T09:00:00Z`);
  const owners = new Set(krs.filter((k) => k.status === 'active' && k.ownerId !== null).map((k) => k.ownerId!));
  for (const personId of owners) {
    const claim = {
      purpose: 'checkin',
      subject: subjects.checkin(cycle.id, week, personId),
      cycleId: cycle.id,
      week,
      personId,
    };
    const row = await claimDelivery(db, claim, at);
    if (row) await markSent(db, row.id, `D-demo-${personId}`, `${at.getTime() / 1000}.000100`, at);
  }
}

export async function printNudges(io: { out: (l: string) => void }, db: Db, cycle: Cycle, week: number): Promise<void> {
  const facts = await answeringFacts(db, cycle.id);
  const krs = facts.krs as KrInfo[];
  io.out('─'.repeat(72));
  io.out('Streaks (the DM footer and App Home show each owner theirs)');
  const owners = new Map(krs.filter((k) => k.ownerId !== null).map((k) => [k.ownerId!, k.ownerLabel ?? '?']));
  for (const [id, name] of [...owners].sort((a, b) => a[1].localeCompare(b[1]))) {
    const streak = onTimeStreak(facts, id, week + 1);
    io.out(`  ${name}: ${streakText(streak) || 'no on-time streak'}`);
  }
  io.out('');
  for (const team of await listTeams(db)) {
    const rate = answerRate(facts, week, (k) => k.teamId === team.id);
    io.out(`${team.name}: answer rate ${answerRateText(rate)} · ${timeToAnswerText(rate.medianHours)}`);
    if (!team.escalateAfterWeeks) continue;
    for (const [id] of owners) {
      const run = missedRun(facts, id, week + 1, team.escalateAfterWeeks, (k) => k.teamId === team.id);
      if (!run) continue;
      const named = krs.filter((k) => run.krIds.includes(k.id));
      const msg = renderEscalation({
        ownerSlackId: null,
        ownerName: owners.get(id)!,
        teamName: team.name,
        weeks: run.weeks,
        krs: named,
        button: { p: id, t: team.id, s: run.weeks[0]! },
      });
      io.out(`  Escalation — one private DM to ${team.name}'s leads: ${msg.text}`);
      for (const k of named) io.out(`    ${k.key} ${k.title}   [Nudge ${owners.get(id)}]`);
    }
  }
  io.out('');
  printDraftLint(io);
}

/** A draft a developer team might type first, and what the lint says about it. */
function printDraftLint(io: { out: (l: string) => void }): void {
  const draft = {
    id: 'O9',
    title: 'Ship changes to customers faster',
    key_results: [
      {
        id: 'O9-KR1',
        title: 'Merge 200 pull requests this quarter',
        owner: 'U1',
        baseline: 0,
        target: 200,
        measurement: 'GitHub',
      },
      {
        id: 'O9-KR2',
        title: 'Raise deployment frequency from 2 to 10 deploys a week',
        owner: 'U1',
        baseline: 2,
        target: 10,
        measurement: 'CD pipeline',
      },
    ],
  };
  const rules = new Set(['kr-is-output', 'kr-individual-output', 'objective-speed-without-quality']);
  const findings = lintOkrs([{ name: 'Platform', objectives: [draft] }]).filter((f) => rules.has(f.rule));
  io.out(`Lint on a draft in /okr new ("${draft.title}": ${draft.key_results.map((k) => `"${k.title}"`).join(', ')}):`);
  for (const f of findings) io.out(`  ⚠️ ${f.rule}: ${f.message}\n     → ${f.suggestion}`);
  io.out('');
}
