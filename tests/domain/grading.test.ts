import { describe, expect, it } from 'vitest';
import { calibration, objectiveScore, parseGrade } from '../../src/domain/grading.js';

describe('grading', () => {
  it('accepts 0.0–1.0 in the usual spellings', () => {
    expect(parseGrade('0.7')).toEqual({ ok: true, grade: 0.7 });
    expect(parseGrade('.25')).toEqual({ ok: true, grade: 0.25 });
    expect(parseGrade('0,5')).toEqual({ ok: true, grade: 0.5 });
    expect(parseGrade('1')).toEqual({ ok: true, grade: 1 });
    expect(parseGrade('0.333')).toEqual({ ok: true, grade: 0.33 });
  });

  it('refuses anything else with a message', () => {
    for (const bad of ['1.5', '-0.1', '70%', 'high', '', '2']) {
      const r = parseGrade(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/0\.0|0\.0–1\.0/);
    }
  });

  it('scores an objective as the mean of its graded KRs; a stopped KR counts in no score, even graded', () => {
    const kr = (grade: number | null | undefined, status = 'active') => ({ grade, status });
    expect(objectiveScore([kr(0.7), kr(0.4), kr(1)])).toBe(0.7);
    expect(objectiveScore([kr(0.5), kr(null)])).toBe(0.5);
    expect(objectiveScore([kr(null), kr(undefined)])).toBeNull();
    expect(objectiveScore([kr(0.8), kr(0.2, 'stopped'), kr(0.6, 'paused')])).toBe(0.7);
    expect(objectiveScore([kr(0.2, 'stopped')])).toBeNull();
  });

  it('labels calibration from mean weekly confidence against the grade', () => {
    expect(calibration([2, 2, 2, 2], 0.3)).toEqual({ meanConfidence: 1, grade: 0.3, label: 'confident but missed' });
    expect(calibration([0, 1, 0, 1], 0.9)).toEqual({ meanConfidence: 0.25, grade: 0.9, label: 'cautious but hit' });
    expect(calibration([2, 1, 1, 2], 0.7)).toEqual({ meanConfidence: 0.75, grade: 0.7, label: 'well calibrated' });
    expect(calibration([], 0.7).label).toBe('no data');
    expect(calibration([2], null)).toEqual({ meanConfidence: 1, grade: null, label: 'no data' });
  });
});
