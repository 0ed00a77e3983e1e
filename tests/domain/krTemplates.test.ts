import { describe, expect, it } from 'vitest';
import { KR_TEMPLATES } from '../../src/domain/krTemplates.js';
import { lintOkrs } from '../../src/domain/lint.js';
import { sourceFromText } from '../../src/domain/sources.js';

describe('KR templates for software teams', () => {
  it('cover the four DORA keys, p95 latency, build time and onboarding time', () => {
    expect(KR_TEMPLATES.map((t) => t.id)).toEqual([
      'deploy_frequency',
      'lead_time',
      'change_failure_rate',
      'time_to_restore',
      'p95_latency',
      'build_time',
      'onboarding',
    ]);
  });

  it('each passes our own lint on its own KR, and its source skeleton is a valid source', () => {
    for (const t of KR_TEMPLATES) {
      const findings = lintOkrs([
        {
          name: 'Platform',
          objectives: [
            {
              id: 'O1',
              title: 'Ship changes to customers quickly and safely',
              key_results: [
                {
                  id: 'O1-KR1',
                  title: t.title,
                  owner: 'U1',
                  baseline: Number(t.baseline),
                  target: Number(t.target),
                  measurement: t.measurement,
                },
                // A counterweight, so a speed KR alone is not what is judged here.
                {
                  id: 'O1-KR2',
                  title: 'Reduce change failure rate from 18% to 8%',
                  owner: 'U1',
                  baseline: 18,
                  target: 8,
                  measurement: 'Incident tool',
                },
              ],
            },
          ],
        },
      ]).filter((f) => f.id === 'O1-KR1');
      expect({ template: t.id, findings }).toEqual({ template: t.id, findings: [] });
      expect({ template: t.id, ok: sourceFromText(t.source).ok }).toEqual({ template: t.id, ok: true });
    }
  });
});
