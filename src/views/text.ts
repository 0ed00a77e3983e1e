import type { Confidence } from '../domain/types.js';

/** Small text helpers shared by every view (plain text and Block Kit). */

export const CONFIDENCE_EMOJI: Record<Confidence, string> = { 0: '🔴', 1: '🟡', 2: '🟢' };
export const NO_CHECKIN_EMOJI = '⚪';

export function trendStrip(trend: Array<Confidence | null>, max = 13): string {
  return trend
    .slice(-max)
    .map((c) => (c === null ? NO_CHECKIN_EMOJI : CONFIDENCE_EMOJI[c]))
    .join('');
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatValue(n: number | null, unit: string | null): string {
  if (n === null) return '—';
  if (unit === '%') return `${formatNumber(n)}%`;
  return unit ? `${formatNumber(n)} ${unit}` : formatNumber(n);
}

/** "6,200 of 8,000 users (baseline 5,000)" — whatever of it is known. */
export function progressLine(kr: {
  currentValue: number | null;
  target: number | null;
  baseline: number | null;
  unit: string | null;
}): string | null {
  if (kr.target === null && kr.currentValue === null) return null;
  const pct = kr.unit === '%';
  const num = (n: number) => (pct ? `${formatNumber(n)}%` : formatNumber(n));
  const now = kr.currentValue === null ? 'no value yet' : num(kr.currentValue);
  const target = kr.target === null ? '' : ` of ${pct ? num(kr.target) : formatValue(kr.target, kr.unit)}`;
  const from = kr.baseline === null ? '' : ` (baseline ${num(kr.baseline)})`;
  return `${now}${target}${from}`;
}

/** Cut to at most `max` UTF-16 units with an ellipsis; never splits a surrogate pair (an emoji). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // a high surrogate whose partner would be cut off
  return `${text.slice(0, end).trimEnd()}…`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
