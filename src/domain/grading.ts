import type { Confidence } from './types.js';

/**
 * End-of-cycle grading: each KR 0.0–1.0, an objective scores the mean of its graded KRs, and
 * calibration compares how confident the owner was week by week with how it turned out.
 */

export type GradeResult = { ok: true; grade: number } | { ok: false; error: string };

/** Parses "0.7", "0,7" or ".7" into a grade with at most two decimals. */
export function parseGrade(input: string | number): GradeResult {
  const raw = typeof input === 'number' ? String(input) : input.trim().replace(',', '.');
  if (!/^(?:0|1)?(?:\.\d+)?$/.test(raw) || raw === '' || raw === '.') {
    return { ok: false, error: `"${input}" is not a grade: use a number from 0.0 to 1.0, e.g. 0.7` };
  }
  const grade = Number(raw);
  if (!Number.isFinite(grade) || grade < 0 || grade > 1) {
    return { ok: false, error: `${input} is outside 0.0–1.0` };
  }
  return { ok: true, grade: Math.round(grade * 100) / 100 };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Whether a KR is graded at all: a stopped KR needs no grade and counts in no objective's score. */
export const isGradable = (kr: { status: string }) => kr.status !== 'stopped';

/** An objective's score: the mean of its graded KRs (ungraded and stopped ones left out); null when none. */
export function objectiveScore(krs: Array<{ status: string; grade: number | null | undefined }>): number | null {
  const given = krs
    .filter(isGradable)
    .map((k) => k.grade)
    .filter((g): g is number => typeof g === 'number');
  if (given.length === 0) return null;
  return round2(given.reduce((a, b) => a + b, 0) / given.length);
}

export type CalibrationLabel = 'confident but missed' | 'cautious but hit' | 'well calibrated' | 'no data';

export interface Calibration {
  /** Mean weekly confidence scaled to 0–1 (0 → 0, 1 → 0.5, 2 → 1). */
  meanConfidence: number | null;
  grade: number | null;
  label: CalibrationLabel;
}

/** How far apart confidence and grade may be and still count as calibrated. */
export const CALIBRATION_TOLERANCE = 0.3;

export function calibration(weekly: Confidence[], grade: number | null): Calibration {
  const meanConfidence = weekly.length ? round2(weekly.reduce<number>((a, c) => a + c, 0) / weekly.length / 2) : null;
  if (meanConfidence === null || grade === null) return { meanConfidence, grade, label: 'no data' };
  const gap = meanConfidence - grade;
  const label: CalibrationLabel =
    gap > CALIBRATION_TOLERANCE
      ? 'confident but missed'
      : gap < -CALIBRATION_TOLERANCE
        ? 'cautious but hit'
        : 'well calibrated';
  return { meanConfidence, grade, label };
}
