import type { KrSource } from '../domain/sources.js';
import { asc, eq, inArray } from 'drizzle-orm';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { stringify as stringifyYaml } from 'yaml';
import type { Db } from '../db/client.js';
import type { Cycle, Team } from '../db/schema.js';
import { leadsOf } from '../domain/teamSettings.js';
import { weekdayName } from '../domain/time.js';
import { listInitiatives } from './initiatives.js';
import { ownerString } from './people.js';
import { CSV_COLUMNS, type OkrDoc, type OkrDocKr } from '../okrs/format.js';

/** The cycle as an OKR file document: importing it back changes nothing. */
export async function exportDoc(db: Db, cycle: Cycle): Promise<OkrDoc> {
  const { keyResults, objectives, people, teams } = db.t;
  const objs = await db.rows(
    db
      .select()
      .from(objectives)
      .where(eq(objectives.cycleId, cycle.id))
      .orderBy(asc(objectives.position), asc(objectives.id)),
  );
  const krs = await db.rows(
    db
      .select()
      .from(keyResults)
      .where(eq(keyResults.cycleId, cycle.id))
      .orderBy(asc(keyResults.position), asc(keyResults.id)),
  );
  const teamIds = [...new Set(objs.map((o) => o.teamId))];
  const teamRows = teamIds.length
    ? await db.rows(db.select().from(teams).where(inArray(teams.id, teamIds)).orderBy(asc(teams.id)))
    : [];
  const ownerIds = [...new Set(krs.map((k) => k.ownerId).filter((id): id is number => id !== null))];
  const links = await listInitiatives(
    db,
    krs.map((k) => k.id),
  );
  const owners = new Map(
    (ownerIds.length ? await db.rows(db.select().from(people).where(inArray(people.id, ownerIds))) : []).map((p) => [
      p.id,
      p,
    ]),
  );

  const krOf = (k: (typeof krs)[number]): OkrDocKr => {
    const owner = ownerString(k.ownerId === null ? null : owners.get(k.ownerId));
    return {
      id: k.key,
      title: k.title,
      ...(owner !== undefined && { owner }),
      baseline: k.baseline ?? undefined,
      target: k.target ?? undefined,
      ...(k.unit !== null && { unit: k.unit }),
      ...(k.measurement !== null && { measurement: k.measurement }),
      ...(k.source !== null && { source: JSON.parse(k.source) as KrSource }),
      ...(links.has(k.id) && {
        initiatives: links.get(k.id)!.map((i) => ({ url: i.url, ...(i.title && { title: i.title }) })),
      }),
      status: k.status,
    };
  };
  const objectivesOf = (teamId: number) =>
    objs
      .filter((o) => o.teamId === teamId)
      .map((o) => ({ id: o.key, title: o.title, key_results: krs.filter((k) => k.objectiveId === o.id).map(krOf) }));
  return {
    cycle: { name: cycle.name, start: cycle.startDate, end: cycle.endDate, mid: cycle.midDate },
    teams: teamRows.map((t) => ({ ...teamSettingsOut(t), objectives: objectivesOf(t.id) })),
  };
}

export function docToYaml(doc: OkrDoc): string {
  return stringifyYaml(doc, { lineWidth: 0 });
}

export function docToCsv(doc: OkrDoc): string {
  const rows: Array<Record<(typeof CSV_COLUMNS)[number], string>> = [];
  for (const t of doc.teams) {
    for (const o of t.objectives) {
      for (const k of o.key_results) {
        rows.push({
          cycle: doc.cycle.name,
          cycle_start: doc.cycle.start,
          cycle_end: doc.cycle.end,
          cycle_mid: doc.cycle.mid ?? '',
          team: t.name,
          team_timezone: t.timezone ?? '',
          team_channel: t.channel ?? '',
          checkin_day: t.checkin_day ?? '',
          checkin_time: t.checkin_time ?? '',
          digest_day: t.digest_day ?? '',
          digest_time: t.digest_time ?? '',
          reminder_count: t.reminder_count === undefined ? '' : String(t.reminder_count),
          reminder_delay_hours: t.reminder_delay_hours === undefined ? '' : String(t.reminder_delay_hours),
          quiet_start: t.quiet_start ?? '',
          quiet_end: t.quiet_end ?? '',
          checkin_cadence: t.checkin_cadence ?? '',
          escalate_after_weeks: t.escalate_after_weeks === undefined ? '' : String(t.escalate_after_weeks),
          leads: (t.leads ?? []).join(' '),
          objective_id: o.id,
          objective_title: o.title,
          kr_id: k.id,
          kr_title: k.title,
          owner: k.owner ?? '',
          baseline: k.baseline === undefined ? '' : String(k.baseline),
          target: k.target === undefined ? '' : String(k.target),
          unit: k.unit ?? '',
          measurement: k.measurement ?? '',
          source: k.source ? JSON.stringify(k.source) : '',
          initiatives: (k.initiatives ?? []).map((i) => (i.title ? `${i.url} ${i.title}` : i.url)).join('\n'),
          status: k.status ?? '',
        });
      }
    }
  }
  return stringifyCsv(rows, { header: true, columns: [...CSV_COLUMNS] });
}

/** A team's settings as the OKR file writes them. */
function teamSettingsOut(t: Team) {
  return {
    name: t.name,
    ...(t.digestChannel ? { channel: t.digestChannel } : {}),
    timezone: t.timezone,
    checkin_day: weekdayName(t.checkinWeekday),
    checkin_time: t.checkinTime,
    ...(t.digestWeekday !== null && { digest_day: weekdayName(t.digestWeekday) }),
    digest_time: t.digestTime,
    reminder_count: t.reminderCount,
    reminder_delay_hours: t.reminderDelayHours,
    quiet_start: t.quietStart,
    quiet_end: t.quietEnd,
    checkin_cadence: t.checkinCadence,
    escalate_after_weeks: t.escalateAfterWeeks ?? ('off' as const),
    ...(t.leadUserIds && { leads: leadsOf(t.leadUserIds) }),
  };
}
