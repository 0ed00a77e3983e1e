import type { PathProjection } from '../domain/path.js';
import { CONFIDENCE_LABEL, type KrInfo } from '../domain/types.js';
import { outOfRange } from '../domain/sources.js';
import { escapeMrkdwn } from './blocks.js';
import { formatValue } from './text.js';

/** How a value read from a source is shown: in the CLI, the weekly DM and the modal. */

const REASONS: Record<string, string> = {
  unreachable: 'unreachable',
  timeout: 'timed out',
  http_status: 'refused',
  not_a_number: 'not a number',
  no_value: 'no value',
  query_error: 'query error',
  missing_env: 'not configured',
};

/** `O1-KR1 5,350 users from Prometheus`, with a warning when far outside baseline → target. */
export function valueLine(
  kr: KrInfo,
  read: { ok: true; value: number; label: string } | { ok: false; reason: string; detail: string; label: string },
): string {
  if (!read.ok)
    return `${kr.key} could not be read from ${read.label}: ${REASONS[read.reason] ?? read.reason} (${read.detail})`;
  const warn = outOfRange(read.value, kr.baseline, kr.target)
    ? ` — far outside ${formatValue(kr.baseline!, kr.unit)} → ${formatValue(kr.target!, kr.unit)}: check the source`
    : '';
  return `${kr.key} ${formatValue(read.value, kr.unit)} from ${read.label}${warn}`;
}

/** "2 h ago", "5 min ago", "3 days ago". */
export function ageText(from: Date, now: Date): string {
  const min = Math.max(0, Math.round((now.getTime() - from.getTime()) / 60_000));
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} days ago`;
}

/** The DM's line about a KR's value: "Value: 5,350 users, from Prometheus 2 h ago", or why it could not be read. */
export function dmValueLine(
  kr: Pick<KrInfo, 'unit' | 'baseline' | 'target'>,
  last: { value: number | null; error: string | null; readAt: string },
  label: string,
  now: Date,
): string {
  const when = ageText(new Date(last.readAt), now);
  if (last.value === null)
    return `Value: could not be read from ${label} (${last.error ?? 'unknown error'}, ${when}); type it in your check-in.`;
  const warn = outOfRange(last.value, kr.baseline, kr.target)
    ? ' ⚠️ far outside baseline → target: check the source'
    : '';
  return `Value: ${formatValue(last.value, kr.unit)}, from ${label} ${when}${warn}`;
}

/** "on this path: 6,950 users by the end — 65 % of the way". */
export function pathText(kr: Pick<KrInfo, 'unit'>, path: PathProjection): string {
  const share = Math.round(path.fraction * 100);
  const projected = Math.abs(path.projected) >= 100 ? Math.round(path.projected) : Math.round(path.projected * 10) / 10;
  return `on this path: ${formatValue(projected, kr.unit)} by the end — ${share} % of the way`;
}

/** The DM's hint beside the buttons: "On this path: 6,950 users by the end — 65 % of the way (the path alone says 0 off-track; you decide)". */
export function pathHint(kr: Pick<KrInfo, 'unit'>, path: PathProjection): string {
  const text = pathText(kr, path);
  return `${text[0]!.toUpperCase()}${text.slice(1)} (the path alone says ${path.suggested} ${CONFIDENCE_LABEL[path.suggested]}; you decide)`;
}

/** The admins' weekly note about sources okrbot could not read. */
export function renderFailingSources(cycleName: string, week: number, lines: string[]): string {
  return [
    `okrbot could not read ${lines.length === 1 ? 'one KR’s value' : `${lines.length} KRs’ values`} from their source (${cycleName}, week ${week}). The owners were asked to type them; fix the source (or its environment variable) so next week's values are read:`,
    ...lines.map((l) => `• ${escapeMrkdwn(l)}`),
    'Try them any time with `okrbot values --check`.',
  ].join('\n');
}
