import { lintKrForOutput, lintObjectiveForBalance } from './devLint.js';

/**
 * OKR quality lint: the red flags of our OKR framework, as data. Each finding names the id, the
 * rule and the direction of a rewrite. Findings are warnings: they never block an import.
 */

export interface LintKr {
  id: string;
  title: string;
  owner?: string | null;
  baseline?: number | null;
  target?: number | null;
  status?: string | null;
  /** Where the number comes from (dashboard, query, free text). */
  measurement?: string | null;
}
export interface LintObjective {
  id: string;
  title: string;
  key_results: LintKr[];
}
export interface LintTeam {
  name: string;
  objectives: LintObjective[];
}

export type LintRule =
  | 'objective-is-project'
  | 'objective-too-vague'
  | 'too-many-objectives'
  | 'too-few-krs'
  | 'too-many-krs'
  | 'kr-is-milestone'
  | 'kr-no-baseline-or-target'
  | 'kr-no-owner'
  | 'kr-no-measurement-plan'
  | 'kr-is-output'
  | 'kr-individual-output'
  | 'objective-speed-without-quality';

export interface LintFinding {
  id: string;
  rule: LintRule;
  message: string;
  suggestion: string;
}

const PROJECT_VERBS = [
  'build',
  'implement',
  'launch',
  'deploy',
  'develop',
  'create',
  'ship',
  'migrate',
  'release',
  'roll out',
  'rollout',
  'integrate',
];
const MILESTONE_VERBS = [
  'launch',
  'complete',
  'finish',
  'ship',
  'deliver',
  'release',
  'implement',
  'deploy',
  'build',
  'roll out',
  'rollout',
  'migrate',
  'go live',
  'publish',
  'integrate',
];

function startsWithVerb(title: string, verbs: string[]): string | null {
  const t = title.trim().toLowerCase();
  return verbs.find((v) => t === v || t.startsWith(`${v} `)) ?? null;
}

function words(title: string): number {
  return title.trim().split(/\s+/).filter(Boolean).length;
}

export function lintOkrs(teams: LintTeam[]): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const team of teams) {
    if (team.objectives.length > 2) {
      findings.push({
        id: team.name,
        rule: 'too-many-objectives',
        message: `team ${team.name} has ${team.objectives.length} objectives this cycle (more than 2 dilutes focus)`,
        suggestion: 'Force-rank to the top 1–2: if you could focus on only ONE outcome, which would it be?',
      });
    }
    for (const o of team.objectives) for (const kr of lintObjective(o, findings)) lintKr(kr, findings);
  }
  return findings;
}

/** An objective's red flags: a project, too vague, too few or too many live KRs. */
function lintObjective(o: LintObjective, findings: LintFinding[]): LintKr[] {
  const verb = startsWithVerb(o.title, PROJECT_VERBS);
  if (verb) {
    findings.push({
      id: o.id,
      rule: 'objective-is-project',
      message: `objective "${o.title}" reads like a project ("${verb} …"), not an outcome`,
      suggestion: 'Reframe as the business outcome it enables: ask "what outcome does this enable?"',
    });
  } else if (words(o.title) <= 3) {
    findings.push({
      id: o.id,
      rule: 'objective-too-vague',
      message: `objective "${o.title}" is too vague to align a team`,
      suggestion:
        'Say who benefits and how, e.g. "Enable teams to discover and adopt advanced features"; use "so that" to clarify value.',
    });
  }
  const live = o.key_results.filter((kr) => kr.status !== 'stopped');
  lintObjectiveForBalance(o, live, findings);
  if (live.length < 2) {
    findings.push({
      id: o.id,
      rule: 'too-few-krs',
      message: `objective ${o.id} has ${live.length} key result${live.length === 1 ? '' : 's'} (aim for 2–4)`,
      suggestion: 'Add a leading indicator beside the lagging one, so you see progress before the cycle ends.',
    });
  } else if (live.length > 4) {
    findings.push({
      id: o.id,
      rule: 'too-many-krs',
      message: `objective ${o.id} has ${live.length} key results (more than 4 dilutes focus)`,
      suggestion: 'Keep the 2–4 that matter most: which KRs best prove this objective?',
    });
  }
  return live;
}

/** A KR's red flags: a milestone, no baseline or target, no measurement plan, no owner. */
function lintKr(kr: LintKr, findings: LintFinding[]): void {
  const mverb = startsWithVerb(kr.title, MILESTONE_VERBS);
  if (mverb) {
    findings.push({
      id: kr.id,
      rule: 'kr-is-milestone',
      message: `KR "${kr.title}" is a milestone ("${mverb} …"), not a measurable outcome`,
      suggestion:
        'Measure what completing it should change, e.g. "Launch new dashboard feature" → "Increase weekly active users of analytics features from 2,000 to 5,000".',
    });
  }
  const noBaseline = kr.baseline === undefined || kr.baseline === null;
  const noTarget = kr.target === undefined || kr.target === null;
  if (noBaseline || noTarget) {
    const missing = noBaseline && noTarget ? 'no baseline and no target' : noBaseline ? 'no baseline' : 'no target';
    findings.push({
      id: kr.id,
      rule: 'kr-no-baseline-or-target',
      message: `KR "${kr.title}" has ${missing}`,
      suggestion:
        'Add the current state and the target, e.g. "Improve user engagement" → "Increase weekly active users from 10,000 to 15,000" (baseline 10000, target 15000).',
    });
  }
  if (!kr.measurement?.trim()) {
    findings.push({
      id: kr.id,
      rule: 'kr-no-measurement-plan',
      message: `KR ${kr.id} has no measurement plan: nobody can check its number`,
      suggestion:
        'Say where the number comes from: a dashboard or query link, an event name, or who counts it and how (measurement: …).',
    });
  }
  lintKrForOutput(kr, findings);
  if (!kr.owner) {
    findings.push({
      id: kr.id,
      rule: 'kr-no-owner',
      message: `KR ${kr.id} has no owner, so nobody is asked for its weekly confidence`,
      suggestion: 'Give it one owner (a Slack user id or an email).',
    });
  }
}

export function formatFinding(f: LintFinding): string {
  return `${f.id} [${f.rule}] ${f.message}\n    → ${f.suggestion}`;
}
