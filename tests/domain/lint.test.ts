import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintOkrs, type LintTeam } from '../../src/domain/lint.js';
import { parseOkrText } from '../../src/okrs/format.js';

const rulesFor = (teams: LintTeam[]) => lintOkrs(teams).map((f) => `${f.id} ${f.rule}`);

describe('OKR lint', () => {
  it("flags the framework's bad examples", () => {
    const doc = parseOkrText('bad-okrs.yaml', readFileSync('tests/fixtures/bad-okrs.yaml', 'utf8'));
    expect(
      rulesFor(doc.teams)
        .filter((r) => !r.endsWith('kr-no-measurement-plan'))
        .sort(),
    ).toEqual(
      [
        'Analytics too-many-objectives',
        'O1 objective-is-project', // "Launch new dashboard feature"
        'O1-KR1 kr-is-milestone', // "Launch new dashboard feature"
        'O1-KR1 kr-no-baseline-or-target',
        'O1-KR2 kr-no-baseline-or-target', // "Improve user engagement"
        'O1-KR3 kr-is-milestone', // "Complete Phase 1"
        'O1-KR3 kr-no-baseline-or-target',
        'O1-KR3 kr-no-owner',
        'O2 objective-too-vague', // "Improve product"
        'O2 too-few-krs',
        'O3 objective-is-project', // "Build the new billing service"
        'O3 too-many-krs',
      ].sort(),
    );
  });

  it('flags a KR with no measurement plan (where its number comes from)', () => {
    const teams: LintTeam[] = [
      {
        name: 't',
        objectives: [
          {
            id: 'O1',
            title: 'Enable teams to discover and adopt advanced features',
            key_results: [
              { id: 'O1-KR1', title: 'Increase a from 1 to 2', owner: 'U1AB', baseline: 1, target: 2 },
              {
                id: 'O1-KR2',
                title: 'Increase b from 1 to 2',
                owner: 'U1AB',
                baseline: 1,
                target: 2,
                measurement: 'https://grafana.example.com/d/b',
              },
            ],
          },
        ],
      },
    ];
    expect(lintOkrs(teams)).toMatchObject([
      { id: 'O1-KR1', rule: 'kr-no-measurement-plan', suggestion: expect.stringContaining('dashboard or query link') },
    ]);
  });

  it('gives each finding a suggested rewrite direction', () => {
    const [finding] = lintOkrs([
      {
        name: 't',
        objectives: [
          {
            id: 'O1',
            title: 'Enable teams to discover and adopt advanced features',
            key_results: [
              { id: 'O1-KR1', title: 'Improve user engagement', owner: 'U1AB' },
              {
                id: 'O1-KR2',
                title: 'Increase weekly active users from 10,000 to 15,000',
                owner: 'U1AB',
                baseline: 10000,
                target: 15000,
                measurement: 'Amplitude: weekly dashboard',
              },
            ],
          },
        ],
      },
    ]);
    expect(finding).toMatchObject({ id: 'O1-KR1', rule: 'kr-no-baseline-or-target' });
    expect(finding!.suggestion).toContain('from 10,000 to 15,000');
  });

  it("does not flag the framework's good examples", () => {
    const good: LintTeam[] = [
      {
        name: 'Discovery',
        objectives: [
          {
            id: 'O1',
            title: 'Enable teams to discover and adopt advanced features',
            key_results: [
              {
                id: 'O1-KR1',
                title: 'Increase weekly active users of advanced features from 5,000 to 8,000 by end of Q2',
                owner: 'U012AB3CD',
                baseline: 5000,
                target: 8000,
                measurement: 'Amplitude: weekly dashboard',
              },
              {
                id: 'O1-KR2',
                title: 'Increase weekly active users of analytics features from 2,000 to 5,000',
                owner: 'U012AB3CD',
                baseline: 2000,
                target: 5000,
                measurement: 'Amplitude: weekly dashboard',
              },
            ],
          },
          {
            id: 'O2',
            title: 'Improve post-release operational reliability',
            key_results: [
              {
                id: 'O2-KR1',
                title: 'Increase weekly active users from 10,000 to 15,000',
                owner: 'a@example.com',
                baseline: 10000,
                target: 15000,
                measurement: 'Amplitude: weekly dashboard',
              },
              {
                id: 'O2-KR2',
                title: 'Test advanced filtering with 100 users; 70%+ find it valuable',
                owner: 'a@example.com',
                baseline: 0,
                target: 70,
                measurement: 'Amplitude: weekly dashboard',
              },
            ],
          },
        ],
      },
    ];
    expect(lintOkrs(good)).toEqual([]);
    const example = parseOkrText('okrs.example.yaml', readFileSync('examples/okrs.example.yaml', 'utf8'));
    expect(lintOkrs(example.teams)).toEqual([]);
  });

  it('does not count stopped KRs', () => {
    const teams: LintTeam[] = [
      {
        name: 't',
        objectives: [
          {
            id: 'O1',
            title: 'Enable teams to discover and adopt advanced features',
            key_results: [
              { id: 'O1-KR1', title: 'Launch it', status: 'stopped' },
              {
                id: 'O1-KR2',
                title: 'Increase a from 1 to 2',
                owner: 'U1AB',
                baseline: 1,
                target: 2,
                measurement: 'Amplitude: weekly dashboard',
              },
              {
                id: 'O1-KR3',
                title: 'Increase b from 1 to 2',
                owner: 'U1AB',
                baseline: 1,
                target: 2,
                measurement: 'Amplitude: weekly dashboard',
              },
            ],
          },
        ],
      },
    ];
    expect(lintOkrs(teams)).toEqual([]);
  });
});
