import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeSlack } from '../fakeSlack.js';

/**
 * An OKR file with `owners` owners (Slack ids U000001…), one KR each, in one UTC team whose
 * check-ins are due Monday 2027-01-04 10:00 UTC; the same people are added to the fake Slack.
 */
export function crowdFile(dir: string, owners: number, slack?: FakeSlack): string {
  const ids = Array.from({ length: owners }, (_, i) => `U${String(i + 1).padStart(6, '0')}`);
  for (const id of ids) slack?.addUser({ id, name: id, tz: 'UTC' });
  const krs = ids.map(
    (id, i) =>
      `          - { id: O1-KR${i + 1}, title: "Raise metric ${i + 1} from 10 to 20", owner: ${id}, baseline: 10, target: 20 }`,
  );
  const yaml = [
    'cycle: { name: 2027-Q1, start: 2027-01-04, end: 2027-04-04 }',
    'teams:',
    '  - name: Crowd',
    '    timezone: UTC',
    '    objectives:',
    '      - id: O1',
    '        title: Make the crowd measurably happier with okrbot',
    '        key_results:',
    ...krs,
    '',
  ].join('\n');
  const path = join(dir, 'crowd.yaml');
  writeFileSync(path, yaml);
  return path;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * For processes on the real clock (`okrbot start`): `owners` owners in one UTC team whose weekly
 * check-in fell due two minutes ago, in a cycle that began last week; the people are added to the
 * fake Slack. Written to `dir/crowd-now.yaml`.
 */
export function dueNowCrowdFile(dir: string, owners: number, slack: FakeSlack, now = new Date()): string {
  const due = new Date(now.getTime() - 2 * 60_000);
  const weekday = (due.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate() - weekday - 7));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const ids = Array.from({ length: owners }, (_, i) => `U${String(i + 1).padStart(6, '0')}`);
  for (const id of ids) slack.addUser({ id, name: id, tz: 'UTC' });
  const time = due.toISOString().slice(11, 16);
  const yaml = [
    `cycle: { name: now, start: ${day(monday)}, end: ${day(new Date(monday.getTime() + 90 * 86_400_000))} }`,
    'teams:',
    `  - { name: Crowd, timezone: UTC, checkin_day: ${WEEKDAYS[weekday]}, checkin_time: "${time}",`,
    '      quiet_start: "23:59", quiet_end: "00:00",',
    '      objectives: [{ id: O1, title: Make the crowd measurably happier, key_results: [',
    ...ids.map(
      (id, i) =>
        `        { id: O1-KR${i + 1}, title: "Raise metric ${i + 1} from 10 to 20", owner: ${id}, baseline: 10, target: 20 },`,
    ),
    '      ] }] }',
    '',
  ].join('\n');
  const path = join(dir, 'crowd-now.yaml');
  writeFileSync(path, yaml);
  return path;
}
