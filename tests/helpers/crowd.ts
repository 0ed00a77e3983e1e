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
