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

/** An owner's on-time streak as the DM footer and App Home show it; empty before the first. */
export function streakText(weeks: number | undefined): string {
  if (!weeks) return '';
  return `🔥 On time ${weeks === 1 ? '1 week' : `${weeks} weeks`} running`;
}

/** "86 % answered (25 of 29)" and "median 3 h to answer", or what is not known yet. */
export function answerRateText(r: { answered: number; expected: number; rate: number | null }): string {
  return r.rate === null
    ? 'no check-ins asked yet'
    : `${Math.round(r.rate * 100)} % answered (${r.answered} of ${r.expected})`;
}

export function timeToAnswerText(hours: number | null): string {
  if (hours === null) return 'no answers yet';
  if (hours < 1) return `median ${Math.round(hours * 60)} min to answer`;
  return `median ${hours < 10 ? Number(hours.toFixed(1)) : Math.round(hours)} h to answer`;
}
