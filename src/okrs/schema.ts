import { z } from 'zod';
import { sourceSchema } from '../domain/sources.js';
import { CADENCES } from '../domain/cadence.js';
import { BOUNDS_TEXT, TEAM_BOUNDS } from '../domain/teamSettings.js';
import { isClockTime, isIsoDate, isValidZone, parseWeekday, weekdayName } from '../domain/time.js';

/**
 * OKRs as code: the file format shared by import, export and lint. YAML and JSON use the nested
 * shape below; CSV has one KR per row with the cycle, team and objective repeated on each row.
 */

export const OBJECTIVE_ID = /^(?:[A-Z][A-Z0-9]*-)?O\d+$/;
export const KR_ID = /^(?:[A-Z][A-Z0-9]*-)?O\d+-KR\d+$/;
export const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const text = (what: string, max: number) =>
  z
    .string({ message: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} characters`);

const isoDate = z
  .union([z.string(), z.date()], { message: 'must be a date YYYY-MM-DD' })
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
  .refine(isIsoDate, 'must be a date YYYY-MM-DD');

const optionalNumber = z
  .union([z.number(), z.string(), z.null()], { message: 'must be a number' })
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v.replace(/[,_\s]/g, ''));
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `must be a number, got "${String(v)}"` });
      return z.NEVER;
    }
    return n;
  });

const owner = z
  .string({ message: 'owner must be a Slack user id (U…) or an email' })
  .trim()
  .refine((v) => SLACK_USER.test(v) || EMAIL.test(v), {
    message: 'owner must be a Slack user id like U012AB3CD or an email address',
  })
  .transform((v) => (EMAIL.test(v) ? v.toLowerCase() : v));

/** A whole number within one of the team settings' bounds (domain/teamSettings). */
const bounded = (field: string, b: { min: number; max: number }, text: string) =>
  z.coerce
    .number({ message: `${field} must be ${text}` })
    .int(`${field} must be a whole number, ${text}`)
    .min(b.min, `${field} must be ${text}`)
    .max(b.max, `${field} must be ${text}`);

/** A weekday by name, prefix or number, normalised to its full lower-case name. */
const weekday = (field: string, example: string) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const d = parseWeekday(v);
    if (d === null) {
      ctx.addIssue({ code: 'custom', message: `${field} must be a weekday like ${example}` });
      return z.NEVER;
    }
    return weekdayName(d);
  });

const krSchema = z.strictObject(
  {
    id: z
      .string({ message: 'id is required' })
      .trim()
      .regex(KR_ID, 'KR id must look like O1-KR1 (optionally prefixed, e.g. PLAT-O1-KR1)'),
    title: text('title', 300),
    owner: owner.optional(),
    baseline: optionalNumber,
    target: optionalNumber,
    unit: z.string().trim().max(40, 'unit must be at most 40 characters').optional(),
    measurement: z.string().trim().max(1000, 'measurement must be at most 1000 characters').optional(),
    /** Where okrbot reads the value itself (domain/sources.ts). */
    source: sourceSchema.optional(),
    /** Linked work: an epic, a PRD, a PR (`/okr link` adds to it). */
    initiatives: z
      .array(
        z.strictObject({
          url: z
            .string()
            .trim()
            .regex(/^https?:\/\/\S+$/, 'an initiative url must be a web link (https://…)')
            .max(2000),
          title: z.string().trim().max(300).optional(),
        }),
        { message: 'initiatives must be a list of { url, title }' },
      )
      .optional(),
    status: z.enum(['active', 'paused', 'stopped'], { message: 'status must be active, paused or stopped' }).optional(),
  },
  {
    error: (iss) =>
      iss.code === 'invalid_type'
        ? 'each key result must be a mapping with id, title, owner, baseline, target, unit'
        : undefined,
  },
);

const objectiveSchema = z.strictObject({
  id: z
    .string({ message: 'id is required' })
    .trim()
    .regex(OBJECTIVE_ID, 'objective id must look like O1 (optionally prefixed, e.g. PLAT-O1)'),
  title: text('title', 300),
  key_results: z
    .array(krSchema, { message: 'key_results must be a list' })
    .min(1, 'an objective needs at least one key result'),
});

const teamSchema = z.strictObject({
  name: text('team name', 80),
  channel: z
    .string()
    .trim()
    .regex(/^[CG][A-Z0-9]{2,}$/, 'channel must be a Slack channel id like C012AB3CD')
    .optional(),
  timezone: z.string().trim().refine(isValidZone, 'timezone must be an IANA zone like Europe/Berlin').optional(),
  checkin_day: weekday('checkin_day', 'monday').optional(),
  checkin_time: z.string().trim().refine(isClockTime, 'checkin_time must be HH:MM (24h)').optional(),
  digest_day: weekday('digest_day', 'tuesday').optional(),
  digest_time: z.string().trim().refine(isClockTime, 'digest_time must be HH:MM (24h)').optional(),
  reminder_count: bounded('reminder_count', TEAM_BOUNDS.reminderCount, BOUNDS_TEXT.reminderCount).optional(),
  reminder_delay_hours: bounded(
    'reminder_delay_hours',
    TEAM_BOUNDS.reminderDelayHours,
    BOUNDS_TEXT.reminderDelayHours,
  ).optional(),
  quiet_start: z.string().trim().refine(isClockTime, 'quiet_start must be HH:MM (24h)').optional(),
  quiet_end: z.string().trim().refine(isClockTime, 'quiet_end must be HH:MM (24h)').optional(),
  checkin_cadence: z.enum(CADENCES, { message: 'checkin_cadence must be weekly or biweekly' }).optional(),
  /** Missed weeks in a row before the team's leads hear of it, or `off` (the default). */
  escalate_after_weeks: z
    .union([
      z.literal('off'),
      bounded('escalate_after_weeks', TEAM_BOUNDS.escalateAfterWeeks, `${BOUNDS_TEXT.escalateAfterWeeks} or off`),
    ])
    .optional(),
  /** Slack user ids of the team's leads (a list, or space-separated in a CSV cell). */
  leads: z
    .union([z.array(z.string().trim()), z.string().transform((v) => v.split(/[\s,]+/).filter(Boolean))])
    .pipe(
      z
        .array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'leads must be Slack user ids like U012AB3CD'))
        .max(TEAM_BOUNDS.leads, `at most ${TEAM_BOUNDS.leads} leads`),
    )
    .optional(),
  objectives: z.array(objectiveSchema, { message: 'objectives must be a list' }),
});

export const okrDocSchema = z
  .strictObject({
    cycle: z.strictObject({
      name: text('cycle name', 80),
      start: isoDate,
      end: isoDate,
      mid: isoDate.optional(),
    }),
    teams: z.array(teamSchema, { message: 'teams must be a list' }).min(1, 'at least one team is required'),
  })
  .superRefine((doc, ctx) => {
    const { start, end, mid } = doc.cycle;
    if (end < start)
      ctx.addIssue({ code: 'custom', path: ['cycle', 'end'], message: `end ${end} is before start ${start}` });
    if (mid && (mid < start || mid > end))
      ctx.addIssue({ code: 'custom', path: ['cycle', 'mid'], message: `mid ${mid} is outside ${start}…${end}` });
    const teamNames = new Map<string, number>();
    const objectiveIds = new Map<string, string>();
    const krIds = new Map<string, string>();
    doc.teams.forEach((team, ti) => {
      if (team.quiet_start && team.quiet_end && team.quiet_end >= team.quiet_start) {
        ctx.addIssue({
          code: 'custom',
          path: ['teams', ti, 'quiet_end'],
          message: `quiet hours must wrap midnight: quiet_start ${team.quiet_start} (evening) must be after quiet_end ${team.quiet_end} (morning)`,
        });
      }
      const lower = team.name.toLowerCase();
      if (teamNames.has(lower))
        ctx.addIssue({ code: 'custom', path: ['teams', ti, 'name'], message: `team "${team.name}" appears twice` });
      teamNames.set(lower, ti);
      team.objectives.forEach((o, oi) => {
        const where = `teams[${ti}].objectives[${oi}]`;
        if (objectiveIds.has(o.id))
          ctx.addIssue({
            code: 'custom',
            path: ['teams', ti, 'objectives', oi, 'id'],
            message: `objective id ${o.id} is already used at ${objectiveIds.get(o.id)}`,
          });
        objectiveIds.set(o.id, where);
        o.key_results.forEach((kr, ki) => {
          const path = ['teams', ti, 'objectives', oi, 'key_results', ki, 'id'];
          if (!kr.id.startsWith(`${o.id}-KR`))
            ctx.addIssue({
              code: 'custom',
              path,
              message: `KR id ${kr.id} must start with its objective id (${o.id}-KR…)`,
            });
          if (krIds.has(kr.id))
            ctx.addIssue({ code: 'custom', path, message: `KR id ${kr.id} is already used at ${krIds.get(kr.id)}` });
          krIds.set(kr.id, `${where}.key_results[${ki}]`);
        });
      });
    });
  });

export type OkrDoc = z.infer<typeof okrDocSchema>;
export type OkrDocTeam = OkrDoc['teams'][number];
export type OkrDocObjective = OkrDocTeam['objectives'][number];
export type OkrDocKr = OkrDocObjective['key_results'][number];

export interface FileProblem {
  /** `file:line` where known, else `file`. */
  where: string;
  /** Path inside the document, e.g. teams[0].objectives[1].title. */
  path?: string;
  message: string;
}

export class OkrFileError extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'OkrFileError';
  }
}

export function formatProblem(p: FileProblem): string {
  return `${p.where}${p.path ? ` ${p.path}` : ''}: ${p.message}`;
}

export type OkrFormat = 'yaml' | 'json' | 'csv';

export function formatOf(fileName: string): OkrFormat | null {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  return null;
}

export function pathString(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
}
