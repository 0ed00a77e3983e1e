import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/domain/path.js';

describe('a measured KR’s path', () => {
  it('carries the line through its values to the last week, as a share of the way', () => {
    // 5,000 → 8,000 over 13 weeks; +150 a week from 5,000 reaches 6,950 by week 13: 65 % of the way.
    const p = projectPath(
      [1, 2, 3, 4].map((week) => ({ week, value: 5000 + 150 * week })),
      13,
      5000,
      8000,
    )!;
    expect(p.projected).toBeCloseTo(6950);
    expect(p.fraction).toBeCloseTo(0.65);
    expect(p.suggested).toBe(0);
    expect(
      projectPath(
        [
          { week: 1, value: 5300 },
          { week: 3, value: 5900 },
        ],
        13,
        5000,
        8000,
      )!.suggested,
    ).toBe(2);
  });

  it('works for KRs that go down (lead time 5 → 1 days) and needs two weeks and a range', () => {
    const down = projectPath(
      [
        { week: 1, value: 4.8 },
        { week: 2, value: 4.5 },
      ],
      13,
      5,
      1,
    )!;
    expect(down.projected).toBeCloseTo(1.2);
    expect(down.suggested).toBe(1);
    expect(
      projectPath(
        [
          { week: 2, value: 5 },
          { week: 2, value: 6 },
        ],
        13,
        5,
        1,
      ),
    ).toBeNull();
    expect(
      projectPath(
        [
          { week: 1, value: 5 },
          { week: 2, value: 6 },
        ],
        13,
        null,
        8,
      ),
    ).toBeNull();
  });
});
