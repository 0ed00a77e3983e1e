import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, openDb, type Db } from './db/client.js';
import type { Cycle } from './db/schema.js';
import { projectRoot } from './paths.js';
import { isConfidence, type Confidence } from './domain/types.js';
import { formatDateRange, midCycleWeek, weekDates } from './domain/time.js';
import { parseOkrText } from './okrs/format.js';
import { MEASURED_KR, startDemoSource } from './demoSource.js';
import { printNudges, recordDemoAsks } from './demoNudges.js';
import { importOkrs } from './store/okrSync.js';
import { midcycleData } from './services/decisions.js';
import { buildTeamDigest } from './services/digest.js';
import { reportData, reportImages } from './services/report.js';
import { listCheckins, recordCheckin } from './store/checkins.js';
import { krChart, type Chart } from './services/charts.js';
import { listInitiatives } from './store/initiatives.js';
import { gradeKr } from './store/decisions.js';
import { getCycleByName } from './store/cycles.js';
import { listKrInfos } from './store/keyResults.js';
import { listTeams } from './store/teams.js';
import { renderDigestText, renderMidcycleText } from './views/digestText.js';
import { CONFIDENCE_EMOJI, formatValue } from './views/text.js';
import { renderReportHtml } from './views/reportHtml.js';

/**
 * `npm run demo`: the whole weekly rhythm without Slack. A temp database, the example OKRs,
 * six weeks of scripted check-ins (the same every run), then the at-risk digest and the
 * mid-cycle prompt as the team channels would read them.
 */

const root = projectRoot;
export const EXAMPLE_FILE = join(root, 'examples', 'okrs.example.yaml');

/** Confidence per week for each KR; '-' is a week without a check-in. */
const STORY: Record<string, string> = {
  'O1-KR1': '221110',
  'O1-KR2': '222222',
  'O1-KR3': '2221--', // two weeks without a check-in: Discovery escalates after two
  'O2-KR1': '111222',
  'O2-KR2': '222221',
  'O3-KR1': '211100',
  'O3-KR2': '222222',
  'O3-KR3': '12222-',
  'O4-KR1': '221221',
};

const EVIDENCE: Record<Confidence, string[]> = {
  2: [
    'Trend on plan: {value} this week, in line with the weekly target',
    'Dashboard shows {value}; last two experiments both moved it',
  ],
  1: [
    '{value}, about 30% below where we planned to be; user feedback points at onboarding confusion',
    'Stuck at {value}; the main lever slipped a week',
  ],
  0: [
    'Flat at {value} for three weeks; the planned lever did not move it',
    '{value} and falling; the dependency we counted on is not shipping this cycle',
  ],
};
const RISKS: Record<Confidence, string | null> = {
  2: null,
  1: 'Onboarding flow needs improvement before the next release',
  0: 'Without a new approach this KR will miss by a wide margin',
};
const NEXT: Record<Confidence, string> = {
  2: 'Keep the weekly experiment cadence',
  1: 'Test a simplified onboarding flow next week',
  0: 'Bring a pivot proposal to the mid-cycle review',
};

/** Where the value sits after `week` weeks: share of the way to target depends on confidence. */
function simulatedValue(baseline: number, target: number, week: number, confidence: Confidence, weeks: number): number {
  const pace = confidence === 2 ? 1 : confidence === 1 ? 0.6 : 0.25;
  const v = baseline + ((target - baseline) * week * pace) / weeks;
  return Math.abs(target - baseline) >= 100 ? Math.round(v / 10) * 10 : Math.round(v * 10) / 10;
}

export interface DemoIo {
  out: (line: string) => void;
}

/**
 * `okrbot demo`: the demo, then the cycle report as one HTML file with charts, kept with the
 * demo's database so `okrbot report --db …` can be tried on it too.
 */
export async function runDemoWithReport(io: DemoIo): Promise<{ dir: string; report: string }> {
  const { dir, asOf, cycleName } = await runDemo(io, { keepDir: true });
  const db = openDb(join(dir, 'okrbot.db'));
  try {
    const cycle = (await getCycleByName(db, cycleName))!;
    const data = await reportData(db, cycle, asOf);
    const report = join(dir, 'okrbot-report.html');
    writeFileSync(report, renderReportHtml(data, await reportImages(data)));
    io.out(
      `Report with charts: ${report} (open it in a browser; the database beside it works with okrbot report --db).`,
    );
    return { dir, report };
  } finally {
    closeDb(db);
  }
}

/** The chart shown in the README: O1-KR1 of the demo's cycle (`npm run readme-chart` redraws it). */
export async function demoReadmeChart(): Promise<Chart> {
  const { dir, cycleName } = await runDemo({ out: () => {} }, { keepDir: true });
  const db = openDb(join(dir, 'okrbot.db'));
  try {
    const cycle = (await getCycleByName(db, cycleName))!;
    const kr = (await listKrInfos(db, { cycleId: cycle.id, key: 'O1-KR1' }))[0]!;
    return krChart(cycle, kr, await listCheckins(db, [kr.id]));
  } finally {
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runDemo(
  io: DemoIo,
  options: { keepDir?: boolean } = {},
): Promise<{ dir: string; asOf: Date; cycleName: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'okrbot-demo-'));
  const db = openDb(join(dir, 'okrbot.db'));
  const source = await startDemoSource();
  try {
    const text = readFileSync(EXAMPLE_FILE, 'utf8')
      .replace(
        'measurement: "Incident tracker: median time to restore"',
        `measurement: "Incident tracker: median time to restore"\n            source: ${source.yaml}`,
      )
      // Discovery tells its lead privately after two missed weeks (issue 24's escalation).
      .replace(
        '    checkin_time: "10:00"\n',
        '    checkin_time: "10:00"\n    escalate_after_weeks: 2\n    leads: [U0DEMOLEAD]\n',
      );
    const doc = parseOkrText('okrs.example.yaml', text);
    const cycleStart = new Date(`${doc.cycle.start}T12:00:00Z`);
    const imported = await importOkrs(db, doc, { now: cycleStart });
    const cycle = (await getCycleByName(db, doc.cycle.name))!;
    const weeksToSimulate = midCycleWeek(cycle) - 1;
    io.out(`okrbot demo — database ${join(dir, 'okrbot.db')}`);
    io.out(
      `Imported ${EXAMPLE_FILE.replace(`${root}/`, '')}: ${imported.changes.filter((c) => c.action === 'add').length} things added to cycle ${cycle.name}.`,
    );
    io.out('');

    const krs = await listKrInfos(db, { cycleId: cycle.id });
    await simulateWeeks(io, db, cycle, krs, weeksToSimulate);
    const measured = krs.find((k) => k.key === MEASURED_KR)!;
    const values: number[] = [];
    for (let w = 1; w <= weeksToSimulate; w++) values.push((await source.measure(db, cycle, measured, w))!);
    io.out(`${MEASURED_KR}'s value, read each week from its source (an HTTP endpoint): ${values.join(' → ')} min.`);
    io.out('');
    const week = weeksToSimulate;
    const { last } = weekDates(cycle, week);
    await printChannels(io, db, cycle, krs, week);
    await printNudges(io, db, cycle, week);
    await gradeTwo(io, db, cycle, krs);
    io.out('Next: npm test, then see README.md to connect okrbot to Slack.');
    return { dir, asOf: new Date(`${last}T23:00:00Z`), cycleName: cycle.name };
  } finally {
    await source.close();
    closeDb(db);
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

type DemoKrs = Awaited<ReturnType<typeof listKrInfos>>;

/** Six weeks of scripted check-ins (the same every run), with a line per week. */
async function simulateWeeks(io: DemoIo, db: Db, cycle: Cycle, krs: DemoKrs, weeks: number): Promise<void> {
  const weeksToSimulate = weeks;
  for (let week = 1; week <= weeksToSimulate; week++) {
    await recordDemoAsks(db, cycle, krs, week);
    const tally: Record<Confidence, number> = { 0: 0, 1: 0, 2: 0 };
    let missing = 0;
    for (const kr of krs) {
      const mark = STORY[kr.key]?.[week - 1] ?? '2';
      const confidence = Number(mark);
      if (!isConfidence(confidence)) {
        missing++;
        continue;
      }
      const value = simulatedValue(kr.baseline ?? 0, kr.target ?? 100, week, confidence, 13);
      const templates = EVIDENCE[confidence];
      const evidence = templates[(week + kr.id) % templates.length]!.replace('{value}', formatValue(value, kr.unit));
      // Silent greens are real: O1-KR2's owner pastes the same line every week.
      const text = kr.key === 'O1-KR2' ? 'On track' : evidence;
      const at = new Date(`${weekDates(cycle, week).first}T10:00:00Z`);
      await recordCheckin(
        db,
        {
          krId: kr.id,
          week,
          confidence,
          evidence: text,
          risks: RISKS[confidence],
          nextAction: NEXT[confidence],
          value,
          authorId: kr.ownerId,
        },
        at,
      );
      tally[confidence]++;
    }
    const { first, last } = weekDates(cycle, week);
    io.out(
      `Week ${week} (${formatDateRange(first, last)}): ${CONFIDENCE_EMOJI[2]} ${tally[2]}  ${CONFIDENCE_EMOJI[1]} ${tally[1]}  ${CONFIDENCE_EMOJI[0]} ${tally[0]}${missing ? `  no check-in: ${missing}` : ''}`,
    );
  }
  io.out('');
}

/** What the team channels read: each team's digest, the linked work, the mid-cycle prompts. */
async function printChannels(io: DemoIo, db: Db, cycle: Cycle, krs: DemoKrs, week: number): Promise<void> {
  const { first, last } = weekDates(cycle, week);
  for (const team of await listTeams(db)) {
    const digest = await buildTeamDigest(db, cycle, team, week);
    io.out('─'.repeat(72));
    io.out(
      renderDigestText(
        { teamName: team.name, cycleName: cycle.name, week, weekRange: formatDateRange(first, last) },
        digest,
      ),
    );
    io.out('');
  }
  // Traceability: work linked to a KR (in the OKR file here; `/okr link` in Slack).
  for (const [krId, links] of await listInitiatives(
    db,
    krs.map((k) => k.id),
  )) {
    for (const l of links)
      io.out(`Linked work on ${krs.find((k) => k.id === krId)!.key}: ${l.title ?? l.url} (${l.url})`);
  }
  io.out('');
  for (const team of await listTeams(db)) {
    io.out('─'.repeat(72));
    io.out(renderMidcycleText(await midcycleData({ db }, cycle, team)));
    io.out('');
  }
}

/** Cycle end, in brief: two owners grade 0.0–1.0 and say what they learned. */
async function gradeTwo(io: DemoIo, db: Db, cycle: Cycle, krs: DemoKrs): Promise<void> {
  // Cycle end, in brief: owners grade 0.0–1.0 and say what they learned (here two of them).
  const end = new Date(`${cycle.endDate}T18:00:00Z`);
  const graded = [
    {
      key: 'O1-KR1',
      grade: 0.4,
      learning: 'Discovery was not the bottleneck: activation was. Pivoting at mid-cycle came two weeks late.',
    },
    {
      key: 'O3-KR1',
      grade: 0.7,
      learning: 'Canary releases cut change failures the most; the checklist barely moved them.',
    },
  ];
  io.out('─'.repeat(72));
  io.out(`Cycle end (preview) — grades and what we learned`);
  io.out('');
  for (const g of graded) {
    const kr = krs.find((k) => k.key === g.key)!;
    await gradeKr(db, kr.id, g.grade, kr.ownerId, end, g.learning);
    io.out(`  ${kr.key} graded ${g.grade.toFixed(1)} — learned: ${g.learning}`);
  }
  io.out('');
}
