import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command, interact, startHarness, submissionPayload, waitFor, type Harness } from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/**
 * `/okr new` offers outcome KR templates for software teams: picking one fills the form in place
 * (views.update on the open modal, what was typed kept), with how to set the numbers and a source
 * skeleton; saving goes through the same rules and lint as any KR.
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness(); // example OKRs, 2027-01-19: week 3 of 2027-Q1
});
afterEach(async () => {
  await h.stop();
});

type Element = {
  action_id?: string;
  options?: Array<{ value: string; text: { text: string } }>;
  initial_value?: string;
};
type View = { blocks: Array<{ type: string; block_id?: string; element?: Element; elements?: Element[] }> } & Record<
  string,
  unknown
>;

/** The state Slack sends with a block action inside the modal: what is typed so far. */
const typedSoFar = {
  objective: { objective_input: { type: 'static_select', selected_option: { value: 'O2' } } },
  owner: { owner_input: { type: 'users_select', selected_user: 'U0ANA' } },
  title: { title_input: { type: 'plain_text_input', value: 'something about speed' } },
};

function pick(view: View, template: string) {
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE' },
    user: { id: 'U0ANA', team_id: 'T0FAKE' },
    api_app_id: 'A0OKRBOT',
    token: 'deprecated',
    trigger_id: 'trigger-template',
    container: { type: 'view', view_id: 'V0NEWKR' },
    view: { ...view, id: 'V0NEWKR', hash: '1712.abc', team_id: 'T0FAKE', state: { values: typedSoFar } },
    actions: [
      {
        type: 'static_select',
        action_id: 'okr_new:template',
        block_id: 'template',
        selected_option: { value: template, text: { type: 'plain_text', text: template } },
        action_ts: '1.2',
      },
    ],
  };
}

describe('KR templates in /okr new', () => {
  it('fills the form from a DORA template, keeps the objective and owner, and saves through the lint', async () => {
    const { res } = await command(h, 'U0ANA', 'new');
    expect(res.status).toBe(200);
    const form = (await waitFor(() => h.slack.callsTo('views.open')[0])).args.view as View;
    const picker = form.blocks.find((b) => b.block_id === 'template')!.elements![0]!;
    expect(picker.options!.map((o) => o.text.text)).toEqual([
      'Deployment frequency (DORA)',
      'Lead time for changes (DORA)',
      'Change failure rate (DORA)',
      'Time to restore service / MTTR (DORA)',
      'p95 latency',
      'CI build time',
      'Onboarding time',
    ]);

    await interact(h, pick(form, 'time_to_restore'));
    const update = await waitFor(() => h.slack.callsTo('views.update')[0]);
    expect(update.args).toMatchObject({ view_id: 'V0NEWKR', hash: '1712.abc' });
    const filled = update.args.view as View;
    const input = (block: string) => filled.blocks.find((b) => b.block_id === block)!.element!;
    expect(input('title').initial_value).toBe('Cut time to restore service from 95 to 30 minutes');
    expect(input('baseline').initial_value).toBe('95');
    expect(input('target').initial_value).toBe('30');
    expect(input('unit').initial_value).toBe('min');
    expect((input('objective') as { initial_option?: { value: string } }).initial_option?.value).toBe('O2');
    expect(JSON.stringify(input('owner'))).toContain('"initial_user":"U0ANA"');
    expect(JSON.stringify(filled.blocks)).toContain('kind: http, url: https://incidents.example.com/api/stats.json');

    const before = (await rowsOf(h.db, 'keyResults')).length;
    const saved = await interact(
      h,
      submissionPayload('U0ANA', filled, {
        ...typedSoFar,
        title: {
          title_input: { type: 'plain_text_input', value: 'Cut time to restore service from 95 to 30 minutes' },
        },
        baseline: { baseline_input: { type: 'number_input', value: '95' } },
        target: { target_input: { type: 'number_input', value: '30' } },
        unit: { unit_input: { type: 'plain_text_input', value: 'min' } },
        measurement: { measurement_input: { type: 'plain_text_input', value: 'Incident tool, median of 8 weeks' } },
      }),
    );
    expect(saved.status).toBe(200);
    const rows = await waitFor(async () => {
      const krs = await rowsOf(h.db, 'keyResults');
      return krs.length > before && krs;
    });
    expect(rows.at(-1)).toMatchObject({ title: 'Cut time to restore service from 95 to 30 minutes', baseline: 95 });
  });
});
