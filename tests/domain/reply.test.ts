import { describe, expect, it } from 'vitest';
import { parseCheckinReply } from '../../src/domain/reply.js';

describe('plain-text check-in replies', () => {
  const owned = ['O1-KR1', 'O1-KR2'];
  it('reads the id, score and evidence', () => {
    expect(parseCheckinReply('O1-KR2 1 adoption 30% below target', owned, owned)).toEqual({
      ok: true,
      krKey: 'O1-KR2',
      confidence: 1,
      evidence: 'adoption 30% below target',
    });
    expect(parseCheckinReply('o1-kr1: 2 - on plan', owned, [])).toEqual({
      ok: true,
      krKey: 'O1-KR1',
      confidence: 2,
      evidence: 'on plan',
    });
  });
  it('needs the id unless exactly one KR is pending', () => {
    expect(parseCheckinReply('0 blocked', owned, ['O1-KR2'])).toMatchObject({
      ok: true,
      krKey: 'O1-KR2',
      confidence: 0,
    });
    expect(parseCheckinReply('0 blocked', owned, owned)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('You have 2 waiting'),
    });
    expect(parseCheckinReply('0 blocked', owned, [])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no check-in pending'),
    });
  });
  it('refuses what it cannot read', () => {
    expect(parseCheckinReply('O1-KR1 5 x', owned, owned)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not 5'),
    });
    expect(parseCheckinReply('O1-KR1 1', owned, owned)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('add your evidence'),
    });
    expect(parseCheckinReply('O9-KR1 1 x', owned, owned)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("You don't own O9-KR1"),
    });
    expect(parseCheckinReply('thanks!', owned, ['O1-KR1'])).toMatchObject({ ok: false });
  });

  it('refuses signed or fractional scores instead of reading them as 0, 1 or 2', () => {
    for (const [text, score] of [
      ['O1-KR2 -1 negative', '-1'],
      ['O1-KR2 +2 fine', '+2'],
      ['O1-KR2 1.5 halfway', '1.5'],
      ['-1 nope', '-1'],
    ] as const) {
      const r = parseCheckinReply(text, ['O1-KR2'], ['O1-KR2']);
      expect(r).toEqual({
        ok: false,
        reason: expect.stringContaining(`The score must be 0 (off-track), 1 (at-risk) or 2 (on-track), not ${score}.`),
      });
      expect((r as { reason: string }).reason).toContain('O1-KR2 1 adoption 30% below target');
    }
    expect(parseCheckinReply('O1-KR2 - 1 dashes still separate', ['O1-KR2'], [])).toMatchObject({
      ok: true,
      confidence: 1,
      evidence: 'dashes still separate',
    });
  });
});
