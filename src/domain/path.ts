import type { Confidence } from './types.js';

/**
 * Where a measured KR is heading: a straight line through its values so far (least squares over
 * week → value), carried to the cycle's last week, as a share of the way from baseline to target.
 * A hint beside the owner's 0/1/2 — the owner decides — and the digest's "green but off its path".
 */

export interface PathProjection {
  /** The value the line reaches in the cycle's last week. */
  projected: number;
  /** Share of the way from baseline to target there (1 = reaches it). */
  fraction: number;
  /** What the path alone would say: 2 reaches the target, 1 gets most of the way, 0 misses badly. */
  suggested: Confidence;
}

/** Below this share of the way, a KR its owner calls on track "misses badly". */
export const OFF_PATH_BELOW = 0.7;

export function projectPath(
  points: Array<{ week: number; value: number }>,
  weeks: number,
  baseline: number | null,
  target: number | null,
): PathProjection | null {
  if (baseline === null || target === null || baseline === target) return null;
  const byWeek = new Map(points.map((p) => [p.week, p.value]));
  if (byWeek.size < 2) return null;
  const xs = [...byWeek.keys()];
  const ys = [...byWeek.values()];
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / sxx;
  const projected = my + slope * (weeks - mx);
  const fraction = (projected - baseline) / (target - baseline);
  const suggested: Confidence = fraction >= 1 ? 2 : fraction >= OFF_PATH_BELOW ? 1 : 0;
  return { projected, fraction, suggested };
}
