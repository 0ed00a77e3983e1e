import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OkrFileError, parseOkrText } from '../../src/okrs/format.js';

const example = readFileSync('examples/okrs.example.yaml', 'utf8');

function problems(file: string, text: string): string[] {
  try {
    parseOkrText(file, text);
  } catch (e) {
    if (e instanceof OkrFileError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

describe('OKR file parsing', () => {
  it('reads the example', () => {
    const doc = parseOkrText('okrs.example.yaml', example);
    expect(doc.cycle).toEqual({ name: '2027-Q1', start: '2027-01-04', end: '2027-04-04', mid: '2027-02-15' });
    expect(doc.teams.map((t) => t.name)).toEqual(['Discovery', 'Platform']);
    const kr = doc.teams[0]!.objectives[0]!.key_results[0]!;
    expect(kr).toMatchObject({ id: 'O1-KR1', owner: 'ana@example.com', baseline: 5000, target: 8000, unit: 'users' });
    expect(doc.teams[0]!.objectives[0]!.title).toBe('Enable teams to discover and adopt advanced features');
  });

  it('names the line and path of a bad value in YAML', () => {
    const bad = example.replace('target: 8000', 'target: lots');
    const line = example.split('\n').findIndex((l) => l.includes('target: 8000')) + 1;
    expect(problems('okrs.yaml', bad)).toEqual([
      `okrs.yaml:${line} teams[0].objectives[0].key_results[0].target: must be a number, got "lots"`,
    ]);
  });

  it('reports every problem at once', () => {
    const bad = example
      .replace('owner: ben@example.com', 'owner: ben')
      .replace('id: O1-KR3', 'id: O2-KR3')
      .replace('end: 2027-04-04', 'end: 2026-12-01');
    const lines = problems('okrs.yaml', bad);
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).toContain('owner must be a Slack user id like U012AB3CD or an email address');
    expect(lines.join('\n')).toContain('KR id O2-KR3 must start with its objective id (O1-KR…)');
    expect(lines.join('\n')).toContain('end 2026-12-01 is before start 2027-01-04');
    expect(lines.join('\n')).toContain('mid 2027-02-15 is outside');
  });

  it('rejects duplicate ids, unknown keys and bad settings', () => {
    expect(problems('x.yaml', example.replace('id: O1-KR2', 'id: O1-KR1'))).toEqual([
      expect.stringContaining('KR id O1-KR1 is already used'),
    ]);
    expect(problems('x.yaml', example.replace('unit: users', 'unit: users\n            colour: red'))).toEqual([
      expect.stringContaining('colour'),
    ]);
    expect(problems('x.yaml', example.replace('Europe/Berlin', 'Mars/Olympus'))).toEqual([
      expect.stringContaining('timezone must be an IANA zone'),
    ]);
    expect(problems('x.yaml', example.replace('checkin_time: "10:00"', 'checkin_time: "25:00"'))).toEqual([
      expect.stringContaining('checkin_time must be HH:MM'),
    ]);
  });

  it('reads and checks the team rhythm settings', () => {
    const withSettings = example.replace(
      'checkin_time: "10:00"',
      'checkin_time: "10:00"\n    digest_day: thursday\n    digest_time: "16:00"\n    reminder_count: 2\n    reminder_delay_hours: 48\n    quiet_start: "19:00"\n    quiet_end: "08:30"',
    );
    expect(parseOkrText('x.yaml', withSettings).teams[0]).toMatchObject({
      digest_day: 'thursday',
      digest_time: '16:00',
      reminder_count: 2,
      reminder_delay_hours: 48,
      quiet_start: '19:00',
      quiet_end: '08:30',
    });
    expect(problems('x.yaml', withSettings.replace('reminder_count: 2', 'reminder_count: 5'))).toEqual([
      expect.stringContaining('reminder_count must be 0 to 3'),
    ]);
    expect(problems('x.yaml', withSettings.replace('quiet_end: "08:30"', 'quiet_end: "20:00"'))).toEqual([
      expect.stringContaining('quiet hours must wrap midnight'),
    ]);
    expect(problems('x.yaml', withSettings.replace('digest_day: thursday', 'digest_day: someday'))).toEqual([
      expect.stringContaining('digest_day must be a weekday'),
    ]);
  });

  it('reports YAML and JSON syntax errors with a position', () => {
    expect(problems('x.yaml', 'cycle:\n  name: [unclosed\n')[0]).toMatch(/^x\.yaml:\d+: YAML syntax/);
    expect(problems('x.json', '{"cycle": ')[0]).toMatch(/^x\.json: JSON syntax/);
    expect(problems('x.txt', 'hello')[0]).toContain('unknown file type');
  });

  it('reads JSON in the same shape', () => {
    const doc = parseOkrText('okrs.json', JSON.stringify(parseOkrText('okrs.example.yaml', example)));
    expect(doc).toEqual(parseOkrText('okrs.example.yaml', example));
  });

  describe('CSV', () => {
    const header =
      'cycle,cycle_start,cycle_end,team,objective_id,objective_title,kr_id,kr_title,owner,baseline,target,unit';
    const row = (kr: string, extra = 'ana@example.com,5000,8000,users') =>
      `2027-Q1,2027-01-04,2027-04-04,Discovery,O1,"Enable teams to discover and adopt advanced features",${kr},"Increase weekly active users of advanced features from 5,000 to 8,000",${extra}`;

    it('reads one KR per row, quotes and all', () => {
      const doc = parseOkrText(
        'okrs.csv',
        [header, row('O1-KR1'), row('O1-KR2', 'U012AB3CD,"1,000",2000,')].join('\n'),
      );
      expect(doc.teams[0]!.objectives[0]!.key_results.map((k) => [k.id, k.owner, k.baseline, k.target])).toEqual([
        ['O1-KR1', 'ana@example.com', 5000, 8000],
        ['O1-KR2', 'U012AB3CD', 1000, 2000],
      ]);
    });

    it('names the CSV line and column of a bad value', () => {
      expect(
        problems('okrs.csv', [header, row('O1-KR1'), row('O1-KR2', 'ana@example.com,5000,soon,users')].join('\n')),
      ).toEqual(['okrs.csv:3 column target: must be a number, got "soon"']);
    });

    it('refuses missing columns and rows that contradict each other', () => {
      expect(problems('okrs.csv', 'cycle,team\nQ1,A')[0]).toContain(
        'missing column(s): cycle_start, cycle_end, objective_id',
      );
      const conflicting = row('O1-KR2').replace('2027-04-04', '2027-04-11');
      expect(problems('okrs.csv', [header, row('O1-KR1'), conflicting].join('\n'))).toEqual([
        'okrs.csv:3: cycle_end is "2027-04-11" here but "2027-04-04" on an earlier row',
      ]);
    });
  });
});
