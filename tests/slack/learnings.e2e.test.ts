import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { summaryData } from '../../src/services/grading.js';
import { getActiveCycle } from '../../src/store/cycles.js';
import { renderCycleSummary } from '../../src/views/grading.js';
import {
  buttonPayload,
  interact,
  okrReply,
  startHarness,
  submissionPayload,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/** Learnings captured with the grade, and rolled into the cycle summary and the decision log. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const row = async (key: string) => (await rowsOf(h.db, 'keyResults')).find((k) => k.key === key)!;

describe('learnings', () => {
  it('come with the grade (modal or /okr grade) and reach the summary and the decision log', async () => {
    await okrReply(h, 'U0ANA', 'mine'); // Ana, known by email, is linked on first contact
    await interact(
      h,
      buttonPayload('U0ANA', { action_id: 'grade:open', value: JSON.stringify({ k: (await row('O1-KR1')).id }) }),
    );
    const modal = (await waitFor(() => h.slack.callsTo('views.open')[0])).args.view as Record<string, unknown> & {
      blocks: Array<{ block_id?: string }>;
    };
    expect(modal.blocks.map((b) => b.block_id)).toContain('learning');
    const res = await interact(
      h,
      submissionPayload('U0ANA', modal, {
        grade: { grade_input: { type: 'number_input', value: '0.6' } },
        learning: { learning_input: { type: 'plain_text_input', value: 'Onboarding, not discovery, was the lever' } },
      }),
    );
    expect(res.status).toBe(200);
    expect(await row('O1-KR1')).toMatchObject({ grade: 0.6, learning: 'Onboarding, not discovery, was the lever' });

    // Typed `@here <tours>`: Slack sends <!here> &lt;tours&gt;; stored as typed, shown as words (no ping).
    const reply = await okrReply(h, 'U0BEN', 'grade O1-KR2 0.9 Weekly office hours @here <tours> kept adoption moving');
    expect(reply.body.text).toContain('Graded *O1-KR2* 0.9');
    expect((await row('O1-KR2')).learning).toBe('Weekly office hours @here <tours> kept adoption moving'); // stored as typed

    const team = (await rowsOf(h.db, 'teams')).find((t) => t.name === 'Discovery')!;
    const summary = JSON.stringify(
      renderCycleSummary(await summaryData({ db: h.db }, (await getActiveCycle(h.db))!, team)).blocks,
    );
    expect(summary).toContain('*What we learned*');
    expect(summary).toContain('*O1-KR1*: Onboarding, not discovery, was the lever');
    expect(summary).toContain('Weekly office hours @here &lt;tours&gt; kept adoption moving'); // escaped where it reaches Slack
    // The framework's metrics for success, for this team.
    expect(summary).toContain('*Metrics for success*');
    expect(summary).toContain('• Completion rate (graded ≥ 0.7): 50 % (1 of 2 graded KRs at 0.7 or more)');
    expect(summary).toContain('• Learning capture: 100 % (2 of 2 graded KRs with a learning recorded)');
    expect(summary).toContain('• OKR lint findings: ');

    const out: string[] = [];
    expect(
      await runCli(['decisions', 'export', ...h.cliDb.args], {
        out: (l) => out.push(l),
        err: () => {},
        env: h.cliDb.env,
      }),
    ).toBe(0);
    expect(out.join('\n')).toContain(
      '### What we learned\n\n- **O1-KR1** (grade 0.6): Onboarding, not discovery, was the lever',
    );
  });
});
