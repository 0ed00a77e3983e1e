import { groupBy } from './groupBy.js';
import type { AnswerRate } from './answering.js';
import { latestCheckinWeek, previousCheckinWeek } from './cadence.js';
import type { CheckinInfo, Confidence, KrInfo } from './types.js';

/**
 * The leadership roll-up for one week: every team and objective with its confidence mix, at-risk
 * and off-track counts, drops since last week, decisions taken this week and missing check-ins.
 * Pure: the service hands in the rows. Only live KRs count (paused and stopped ones are out of the
 * week's picture, as in the digest).
 */

export type Mix = Record<Confidence, number> & { none: number };

export interface RollupDecision {
  krKey: string;
  kind: 'double_down' | 'pivot' | 'stop' | 'change';
  rationale: string;
}

export interface RollupTeam {
  teamId: number;
  teamName: string;
  mix: Mix;
  objectives: Array<{ key: string; title: string; mix: Mix }>;
  drops: Array<{ kr: KrInfo; from: Confidence; to: Confidence }>;
  decisions: RollupDecision[];
  missing: KrInfo[];
  /** Answer rate and time to answer this cycle (set by the service that reads the asks). */
  answerRate?: AnswerRate;
}

export interface Rollup {
  week: number;
  teams: RollupTeam[];
  total: Mix;
}

export interface RollupInput {
  week: number;
  teams: Array<{ id: number; name: string }>;
  krs: KrInfo[];
  /** Confidences of this check-in week and the one before (a biweekly team's: up to 3 weeks back). */
  checkins: ReadonlyArray<Pick<CheckinInfo, 'krId' | 'week' | 'confidence'>>;
  /** Confirmed decisions taken this week, with their KR id. */
  decisions: Array<RollupDecision & { krId: number }>;
}

const emptyMix = (): Mix => ({ 0: 0, 1: 0, 2: 0, none: 0 });

function add(mix: Mix, c: Confidence | undefined): void {
  if (c === undefined) mix.none++;
  else mix[c]++;
}

export function buildRollup(input: RollupInput): Rollup {
  const confidence = new Map(input.checkins.map((c) => [`${c.krId}/${c.week}`, c.confidence]));
  // A biweekly team's KRs stand as of its last check-in week: the weeks between are not missing.
  const at = (kr: KrInfo, week: number | null) => (week === null ? undefined : confidence.get(`${kr.id}/${week}`));
  const krsByTeam = groupBy(input.krs, (kr) => kr.teamId);
  const total = emptyMix();
  const teams: RollupTeam[] = [];
  for (const team of input.teams) {
    const all = krsByTeam.get(team.id) ?? [];
    const krs = all.filter((k) => k.status === 'active');
    const row: RollupTeam = {
      teamId: team.id,
      teamName: team.name,
      mix: emptyMix(),
      objectives: [],
      drops: [],
      decisions: [],
      missing: [],
    };
    for (const kr of krs) {
      const shown = latestCheckinWeek(kr.cadence, input.week);
      const c = at(kr, shown);
      add(row.mix, c);
      add(total, c);
      let objective = row.objectives.find((o) => o.key === kr.objectiveKey);
      if (!objective)
        row.objectives.push((objective = { key: kr.objectiveKey, title: kr.objectiveTitle, mix: emptyMix() }));
      add(objective.mix, c);
      const was = at(kr, shown === null ? null : previousCheckinWeek(kr.cadence, shown));
      if (c !== undefined && was !== undefined && c < was) row.drops.push({ kr, from: was, to: c });
      if (c === undefined) row.missing.push(kr);
    }
    // Decisions on any of the team's KRs (a stop decision leaves the KR stopped, and still counts).
    const ids = new Set(all.map((k) => k.id));
    row.decisions = input.decisions
      .filter((d) => ids.has(d.krId))
      .map(({ krKey, kind, rationale }) => ({ krKey, kind, rationale }));
    if (krs.length || row.decisions.length) teams.push(row);
  }
  return { week: input.week, teams, total };
}
