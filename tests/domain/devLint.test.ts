import { describe, expect, it } from 'vitest';
import { lintOkrs, type LintKr } from '../../src/domain/lint.js';

/** Our method's red flags for developer OKRs (shared/developer-okrs.md): true positives and near misses. */

const kr = (title: string, id = 'O1-KR1'): LintKr => ({
  id,
  title,
  owner: 'U0ANA',
  baseline: 1,
  target: 2,
  measurement: 'dashboard',
});
const rulesFor = (titles: string[], objective = 'Make releases boringly reliable for every customer') =>
  lintOkrs([
    {
      name: 'Platform',
      objectives: [{ id: 'O1', title: objective, key_results: titles.map((t, i) => kr(t, `O1-KR${i + 1}`)) }],
    },
  ]).map((f) => `${f.id} ${f.rule}`);

describe('developer OKR lint', () => {
  it('kr-is-output: counts of activity', () => {
    for (const title of [
      'Close 150 tickets',
      'Merge 200 PRs this quarter',
      'Increase pull requests merged per week from 20 to 40',
      'Write 20,000 lines of code',
      'Raise velocity from 30 to 45 story points',
      'Ship 12 new features',
      'Log 400 hours on the platform',
      'Push 1,000 commits to the monorepo',
      'Increase the number of features shipped from 4 to 8',
    ])
      expect(rulesFor([title, 'Cut change failure rate from 18% to 8%']), title).toContain('O1-KR1 kr-is-output');
  });

  it('kr-is-output: outcomes that mention the same words do not fire', () => {
    for (const title of [
      'Reduce lead time from 5 days to 1 day',
      'Reduce support tickets about login from 300 to 100 a month',
      'Cut PR review time from 2 days to 4 hours',
      'Cut median time to restore service from 4 hours to 1 hour',
      'Cut build time from 10 minutes to under 2',
      'Increase deployment frequency from weekly to daily',
    ])
      expect(rulesFor([title, 'Keep change failure rate under 10%']), title).not.toContain('O1-KR1 kr-is-output');
  });

  it('kr-individual-output: one person’s output, not the team’s result', () => {
    expect(rulesFor(['Each developer writes 20,000 lines', 'Cut MTTR from 4 h to 1 h'])).toContain(
      'O1-KR1 kr-individual-output',
    );
    expect(rulesFor(['Raise bugs fixed per engineer from 5 to 10', 'Cut MTTR from 4 h to 1 h'])).toContain(
      'O1-KR1 kr-individual-output',
    );
    expect(
      rulesFor(['Cut time for a new engineer to ship a first change from 10 days to 3', 'Cut MTTR from 4 h to 1 h']),
    ).not.toContain('O1-KR1 kr-individual-output');
  });

  it('objective-speed-without-quality: speed KRs need a quality counterweight in the same objective', () => {
    const speedOnly = rulesFor([
      'Increase deployment frequency from weekly to daily',
      'Reduce lead time from 5 days to 1 day',
    ]);
    expect(speedOnly).toContain('O1 objective-speed-without-quality');
    for (const quality of [
      'Keep change failure rate under 10%',
      'Cut production incidents from 12 to 4 a month',
      'Bring p95 checkout latency from 300 ms to under 200 ms',
      'Cut median time to restore service from 95 minutes to 30 minutes',
      'Stay within the error budget every week',
    ])
      expect(rulesFor(['Reduce lead time from 5 days to 1 day', quality]), quality).not.toContain(
        'O1 objective-speed-without-quality',
      );
    expect(rulesFor(['Raise NPS from 30 to 45', 'Raise weekly active users from 10,000 to 15,000'])).not.toContain(
      'O1 objective-speed-without-quality',
    );
  });

  it('the example OKRs raise none of them', () => {
    // examples/okrs.example.yaml pairs "change failure rate" with "time to restore": balanced.
    expect(
      rulesFor([
        'Reduce change failure rate from 18% to 8%',
        'Cut median time to restore service from 95 minutes to 30 minutes',
      ]),
    ).toEqual([]);
  });
});
