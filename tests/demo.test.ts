import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';

describe('npm run demo', () => {
  it('prints the same at-risk digest and mid-cycle prompt every run', async () => {
    const lines: string[] = [];
    const again: string[] = [];
    await runDemo({ out: (l) => lines.push(l) });
    await runDemo({ out: (l) => again.push(l) });
    const text = lines.join('\n');
    const strip = (t: string) => t.replace(/database \S+/, 'database X');
    expect(strip(text)).toBe(strip(again.join('\n')));
    expect(text).toContain('At-risk digest — Discovery — 2027-Q1 week 6 (Feb 8 – Feb 14, 2027)');
    expect(text).toContain(
      '🔴 O1-KR1 Increase weekly active users of advanced features from 5,000 to 8,000 — ana@example.com (was 1)',
    );
    expect(text).toContain('Silent greens');
    expect(text).toContain('No check-in yet\n  O1-KR3');
    expect(text).toContain('Mid-cycle review — Platform — 2027-Q1\n');
    // The same selection as the posted prompt: O1-KR3's latest check-in (week 5) was at-risk.
    expect(text).toContain('🟡 O1-KR3 Cut median time');
    expect(text).toContain('decide: double down, pivot or stop');
    expect(text).toContain('O1-KR1 graded 0.4 — learned: Discovery was not the bottleneck');
    expect(text).toContain(
      'Linked work on O1-KR1: Guided tour for advanced features (https://jira.example.com/browse/DISC-12)',
    );
    expect(text).toContain('· linked work: 1');
    // A KR whose value is read from its source (a local HTTP endpoint): green, but off its measured path.
    expect(text).toContain(
      "O3-KR2's value, read each week from its source (an HTTP endpoint): 93 → 92 → 90 → 89 → 88 → 86 min.",
    );
    expect(text).toContain(
      'Green but off its path (on-track, while its measured values head well short of the target)\n  O3-KR2 Cut median time to restore service from 95 minutes to 30 minutes — fay@example.com — on this path: 76.6 min by the end — 28 % of the way',
    );
    // Issue 24: a streak, an escalation and a developer-OKR lint finding.
    expect(text).toContain('  ana@example.com: 🔥 On time 6 weeks running');
    expect(text).toContain(
      "Escalation — one private DM to Discovery's leads: chloe@example.com has not checked in for 2 weeks in a row (Discovery).",
    );
    expect(text).toContain('⚠️ kr-is-output: KR "Merge 200 pull requests this quarter" counts activity (output)');
    expect(text).toContain('⚠️ objective-speed-without-quality: objective O9 pushes speed');
    expect(text).toContain('On track: 2 of 5. Answer rate this cycle: 93 % answered (28 of 30)');
  });
});
