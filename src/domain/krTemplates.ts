/**
 * Outcome KR templates for software teams (`/okr new`): the four DORA keys, p95 latency, build time
 * and onboarding time, each with example numbers to replace, a measurement plan, what to base the
 * baseline and target on, and a source skeleton — so a good KR is easier to write than a bad one.
 * Every template passes our own lint (tests/domain/krTemplates.test.ts).
 */

export interface KrTemplate {
  id: string;
  label: string;
  title: string;
  baseline: string;
  target: string;
  unit: string;
  measurement: string;
  /** How to set the baseline and the target. */
  prompt: string;
  /** A `source:` to adapt (the OKR file's notation), so okrbot can read the value itself. */
  source: string;
}

export const KR_TEMPLATES: readonly KrTemplate[] = [
  {
    id: 'deploy_frequency',
    label: 'Deployment frequency (DORA)',
    title: 'Raise deployment frequency from 2 to 10 production deploys a week',
    baseline: '2',
    target: '10',
    unit: 'deploys/week',
    measurement: 'Production deploys per week from the CD pipeline; median of the last 4 weeks',
    prompt:
      'Baseline: your median of the last 4 weeks. Target: what small, safe batches would give. Pair it with change failure rate.',
    source:
      '{ kind: prometheus, url: https://prometheus.example.com, query: "sum(increase(deployments_total{env=\\"production\\"}[7d]))" }',
  },
  {
    id: 'lead_time',
    label: 'Lead time for changes (DORA)',
    title: 'Reduce lead time for changes from 5 days to 1 day',
    baseline: '5',
    target: '1',
    unit: 'days',
    measurement: 'Median time from first commit to running in production, last 4 weeks',
    prompt:
      'Baseline: median of the last 4 weeks. Target: the lead time your team would call "flow". Pair it with change failure rate.',
    source:
      '{ kind: sql, env: METRICS_DB_URL, query: "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lead_time_days) FROM deploys WHERE deployed_at > now() - interval \'28 days\'" }',
  },
  {
    id: 'change_failure_rate',
    label: 'Change failure rate (DORA)',
    title: 'Reduce change failure rate from 18% to 8%',
    baseline: '18',
    target: '8',
    unit: '%',
    measurement: 'Share of production deploys followed by an incident, hotfix or rollback; last 4 weeks',
    prompt:
      'Baseline: last quarter’s share. Target: elite teams stay under 15 %; pick a step you can reach this cycle.',
    source: '{ kind: http, url: https://metrics.example.com/dora.json, pointer: /change_failure_rate }',
  },
  {
    id: 'time_to_restore',
    label: 'Time to restore service / MTTR (DORA)',
    title: 'Cut time to restore service from 95 to 30 minutes',
    baseline: '95',
    target: '30',
    unit: 'min',
    measurement: 'Median time from incident opened to service restored (incident tool), last 8 weeks',
    prompt: 'Baseline: median of last quarter’s incidents. Target: what on-call with good runbooks reaches.',
    source: '{ kind: http, url: https://incidents.example.com/api/stats.json, pointer: /mttr_minutes }',
  },
  {
    id: 'p95_latency',
    label: 'p95 latency',
    title: 'Reduce p95 API latency from 800 ms to 300 ms',
    baseline: '800',
    target: '300',
    unit: 'ms',
    measurement: 'p95 of request duration for the public API over the last 7 days',
    prompt: 'Baseline: last week’s p95. Target: what your users notice as fast (and your SLO allows).',
    source:
      '{ kind: prometheus, url: https://prometheus.example.com, query: "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[7d])) by (le)) * 1000" }',
  },
  {
    id: 'build_time',
    label: 'CI build time',
    title: 'Cut median CI build time on main from 25 to 10 minutes',
    baseline: '25',
    target: '10',
    unit: 'min',
    measurement: 'Median duration of main-branch CI pipelines, last 4 weeks',
    prompt: 'Baseline: median of the last 4 weeks. Target: short enough that nobody switches task while waiting.',
    source: '{ kind: http, url: https://ci.example.com/api/stats.json, pointer: /main/median_minutes }',
  },
  {
    id: 'onboarding',
    label: 'Onboarding time',
    title: 'Reduce time for a new engineer to ship to production from 15 days to 5 days',
    baseline: '15',
    target: '5',
    unit: 'days',
    measurement: 'Working days from a new engineer’s start date to their first change in production',
    prompt: 'Baseline: the last few people who joined. Target: what a good first-week plan gives.',
    source:
      '{ kind: sql, env: METRICS_DB_URL, query: "SELECT avg(days_to_first_deploy) FROM onboarding WHERE started_at > now() - interval \'180 days\'" }',
  },
];

export function krTemplate(id: string): KrTemplate | undefined {
  return KR_TEMPLATES.find((t) => t.id === id);
}
