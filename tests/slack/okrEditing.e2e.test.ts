import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getActiveCycle } from '../../src/store/cycles.js';
import { exportDoc } from '../../src/store/okrExport.js';
import { importOkrs } from '../../src/store/okrSync.js';
import {
  ADMIN,
  buttonPayload,
  command,
  interact,
  okrReply,
  sendEvent,
  startHarness,
  submissionPayload,
  waitFor,
  type Harness,
} from '../helpers/bot.js';
import { rowsOf } from '../helpers/db.js';

/** `/okr new`: a KR (or, for admins, an objective) written in Slack, on the file import's rules. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness(); // example OKRs, 2027-01-19: week 3 of 2027-Q1
});
afterEach(async () => {
  await h.stop();
});

type View = { blocks: Array<{ block_id?: string; element?: { options?: Array<{ value: string }> } }> } & Record<
  string,
  unknown
>;

async function openForm(user: string): Promise<View> {
  const before = h.slack.callsTo('views.open').length;
  const { res } = await command(h, user, 'new');
  expect(res.status).toBe(200);
  return (await waitFor(() => h.slack.callsTo('views.open')[before])).args.view as View;
}

function values(v: {
  objective: string;
  newObjective?: string;
  title: string;
  owner: string;
  baseline?: string;
  target?: string;
  unit?: string;
  measurement?: string;
  source?: string;
  saveAnyway?: boolean;
}) {
  return {
    objective: { objective_input: { type: 'static_select', selected_option: { value: v.objective } } },
    new_objective: { new_objective_input: { type: 'plain_text_input', value: v.newObjective ?? null } },
    title: { title_input: { type: 'plain_text_input', value: v.title } },
    owner: { owner_input: { type: 'users_select', selected_user: v.owner } },
    baseline: { baseline_input: { type: 'number_input', value: v.baseline ?? null } },
    target: { target_input: { type: 'number_input', value: v.target ?? null } },
    unit: { unit_input: { type: 'plain_text_input', value: v.unit ?? null } },
    measurement: { measurement_input: { type: 'plain_text_input', value: v.measurement ?? null } },
    source: { source_input: { type: 'plain_text_input', value: v.source ?? null } },
    ...(v.saveAnyway !== undefined && {
      save_anyway: {
        save_anyway_input: { type: 'checkboxes', selected_options: v.saveAnyway ? [{ value: 'yes' }] : [] },
      },
    }),
  };
}

async function submit(user: string, view: View, v: Parameters<typeof values>[0]) {
  const res = await interact(h, submissionPayload(user, view, values(v)));
  expect(res.status).toBe(200);
  return res.body
    ? (JSON.parse(res.body) as { response_action: string; errors?: Record<string, string>; view?: View })
    : null;
}

/** A well-formed KR for O2, as its author fills in the form. */
const TOURS_KR = {
  objective: 'O2',
  title: 'Raise tour completion from 20% to 45%',
  owner: 'U0ANA',
  baseline: '20',
  target: '45',
  unit: '%',
  measurement: 'Tours dashboard, weekly',
};

const krKeys = async () => (await rowsOf(h.db, 'keyResults')).map((k) => k.key).sort();

describe('/okr new', () => {
  it('shows the red flags while writing, saves only on "save anyway", with the next id, and a re-import changes nothing', async () => {
    const form = await openForm('U0ANA');
    const choices = form.blocks.find((b) => b.block_id === 'objective')!.element!.options!.map((o) => o.value);
    expect(choices).toEqual(['O1', 'O2']); // Ana's team only, and no new objective (admins only)
    const before = await krKeys();

    const flagged = await submit('U0ANA', form, {
      objective: 'O1',
      title: 'Launch new dashboard feature',
      owner: 'U0ANA',
    });
    expect(flagged!.response_action).toBe('update');
    const shown = JSON.stringify(flagged!.view);
    expect(shown).toContain('is a milestone');
    expect(shown).toContain('has no baseline and no target');
    expect(shown).toContain('Save anyway?');
    expect(shown).toContain('"initial_value":"Launch new dashboard feature"');
    expect(await krKeys()).toEqual(before); // nothing saved yet

    expect(
      await submit('U0ANA', flagged!.view!, {
        objective: 'O1',
        title: 'Launch new dashboard feature',
        owner: 'U0ANA',
        saveAnyway: true,
      }),
    ).toBeNull();
    expect(await krKeys()).toEqual([...before, 'O1-KR4'].sort());
    const added = (await rowsOf(h.db, 'keyResults')).find((k) => k.key === 'O1-KR4')!;
    expect(added).toMatchObject({ title: 'Launch new dashboard feature', status: 'active' });

    // One write path: exporting the cycle and importing it again changes nothing.
    const cycle = (await getActiveCycle(h.db))!;
    const again = await importOkrs(h.db, await exportDoc(h.db, cycle), { dryRun: true });
    expect(again.changes.filter((c) => c.action !== 'note')).toEqual([]);
  });

  it('saves a well-formed KR at once; ids are never reused', async () => {
    const form = await openForm('U0ANA');
    expect(await submit('U0ANA', form, TOURS_KR)).toBeNull();
    expect((await rowsOf(h.db, 'keyResults')).find((k) => k.key === 'O2-KR3')).toMatchObject({
      baseline: 20,
      target: 45,
      unit: '%',
      measurement: 'Tours dashboard, weekly',
    });
  });

  it('takes a source in the OKR file’s notation; a wrong one is refused in its field, writing nothing', async () => {
    const form = await openForm('U0ANA');
    const kr = TOURS_KR;
    expect(await submit('U0ANA', form, { ...kr, source: '{ kind: http, url: https://x.test/tours.json }' })).toEqual({
      response_action: 'errors',
      errors: { source: 'an http source needs exactly one of pointer (JSON) or cell (CSV)' },
    });
    expect(await krKeys()).not.toContain('O2-KR3');
    const source = '{ kind: http, url: "https://x.test/tours.json", pointer: /completion }';
    expect(await submit('U0ANA', form, { ...kr, source })).toBeNull();
    const row = (await rowsOf(h.db, 'keyResults')).find((k) => k.key === 'O2-KR3')!;
    expect(JSON.parse(row.source!)).toEqual({ kind: 'http', url: 'https://x.test/tours.json', pointer: '/completion' });
    // The edit form shows it again, as it is typed.
    const before = h.slack.callsTo('views.open').length;
    await command(h, 'U0ANA', 'edit O2-KR3');
    const edit = (await waitFor(() => h.slack.callsTo('views.open')[before])).args.view;
    expect(JSON.stringify(edit)).toContain(
      JSON.stringify('{ kind: "http", url: "https://x.test/tours.json", pointer: "/completion" }').slice(1, -1),
    );
  });

  it('refuses what the author may not do, and writes nothing', async () => {
    const before = await krKeys();
    expect((await okrReply(h, 'U0MALLORY', 'new')).body.text).toContain(
      "You can add key results to your own teams' objectives",
    );
    const form = await openForm('U0ANA');
    const forged = await submit('U0ANA', form, {
      objective: 'O3',
      title: 'Reduce rollbacks from 10 to 2 a month',
      owner: 'U0ANA',
      baseline: '10',
      target: '2',
    });
    expect(forged).toMatchObject({
      response_action: 'errors',
      errors: { objective: expect.stringContaining('your own teams') },
    });
    const newObjective = await submit('U0ANA', form, {
      objective: 'new:Platform',
      newObjective: 'Make releases boring',
      title: 'Cut rollbacks from 10 to 2 a month',
      owner: 'U0ANA',
      baseline: '10',
      target: '2',
    });
    expect(newObjective).toMatchObject({
      response_action: 'errors',
      errors: { objective: 'Only okrbot admins (`/okr admins` lists them) can add an objective. Nothing was saved.' },
    });
    expect(await submit('U0ANA', form, { objective: 'O1', title: '', owner: 'U0ANA' })).toMatchObject({
      response_action: 'errors',
      errors: { title: 'Write the key result.' },
    });
    expect(
      await submit('U0ANA', form, { objective: 'O1', title: 'Grow X from 1 to 2', owner: 'U0ANA', target: 'lots' }),
    ).toMatchObject({ errors: { target: 'Enter a number, or leave it empty.' } });
    expect(await krKeys()).toEqual(before);
  });

  it('lets an admin add an objective with its first KR', async () => {
    const form = await openForm(ADMIN);
    expect(form.blocks.find((b) => b.block_id === 'objective')!.element!.options!.map((o) => o.value)).toEqual([
      'O1',
      'O2',
      'O3',
      'O4',
      'new:Discovery',
      'new:Platform',
    ]);
    const input = {
      objective: 'new:Platform',
      newObjective: 'Make releases boring for on-call',
      title: 'Cut rollbacks from 10 to 2 a month',
      owner: 'U0BEN',
      baseline: '10',
      target: '2',
    };
    const flagged = await submit(ADMIN, form, input); // one KR under an objective: the lint says so
    expect(JSON.stringify(flagged!.view)).toMatch(/O5.*key result/);
    expect((await rowsOf(h.db, 'objectives')).find((o) => o.key === 'O5')).toBeUndefined();
    expect(await submit(ADMIN, flagged!.view!, { ...input, saveAnyway: true })).toBeNull();
    expect((await rowsOf(h.db, 'objectives')).find((o) => o.key === 'O5')).toMatchObject({
      title: 'Make releases boring for on-call',
    });
    expect(await krKeys()).toContain('O5-KR1');
  });

  it('is offered on App Home to owners and admins, and opens the same form', async () => {
    await sendEvent(h, { type: 'app_home_opened', user: 'U0ANA', channel: 'D0ANA', tab: 'home' });
    const home = await waitFor(() => h.slack.callsTo('views.publish').find((c) => c.args.user_id === 'U0ANA'));
    const addButton = JSON.stringify(home.args.view).includes('"action_id":"home:new_kr"');
    expect(addButton).toBe(true);
    await interact(
      h,
      buttonPayload('U0ANA', { action_id: 'home:new_kr', value: 'new' }, { type: 'view', view_id: 'VHOME' }),
    );
    const opened = await waitFor(() => h.slack.callsTo('views.open')[0]);
    expect(opened.args.view).toMatchObject({ callback_id: 'okr_new_kr' });
    await sendEvent(h, { type: 'app_home_opened', user: 'U0MALLORY', channel: 'D0MALLORY', tab: 'home' });
    const strangers = await waitFor(() => h.slack.callsTo('views.publish').find((c) => c.args.user_id === 'U0MALLORY'));
    expect(JSON.stringify(strangers.args.view)).not.toContain('home:new_kr');
  });
});

describe('/okr edit and the Edit button', () => {
  function editValues(v: {
    title: string;
    owner: string;
    baseline?: string;
    target?: string;
    unit?: string;
    measurement?: string;
    status?: string;
    reason?: string;
  }) {
    return {
      title: { title_input: { type: 'plain_text_input', value: v.title } },
      owner: { owner_input: { type: 'users_select', selected_user: v.owner } },
      baseline: { baseline_input: { type: 'number_input', value: v.baseline ?? null } },
      target: { target_input: { type: 'number_input', value: v.target ?? null } },
      unit: { unit_input: { type: 'plain_text_input', value: v.unit ?? null } },
      measurement: { measurement_input: { type: 'plain_text_input', value: v.measurement ?? null } },
      status: { status_input: { type: 'static_select', selected_option: { value: v.status ?? 'active' } } },
      reason: { reason_input: { type: 'plain_text_input', value: v.reason ?? null } },
    };
  }
  async function openEdit(user: string, kr: string): Promise<View> {
    const before = h.slack.callsTo('views.open').length;
    await command(h, user, `edit ${kr}`);
    return (await waitFor(() => h.slack.callsTo('views.open')[before])).args.view as View;
  }
  async function save(user: string, view: View, v: Parameters<typeof editValues>[0]) {
    const res = await interact(h, submissionPayload(user, view, editValues(v)));
    expect(res.status).toBe(200);
    return res.body ? (JSON.parse(res.body) as { response_action: string; errors?: Record<string, string> }) : null;
  }
  const row = async (key: string) => (await rowsOf(h.db, 'keyResults')).find((k) => k.key === key)!;
  const base = {
    title: 'Increase weekly active users of advanced features from 5,000 to 8,000',
    owner: 'U0ANA',
    baseline: '5000',
    target: '8000',
    unit: 'users',
    measurement: 'Amplitude › Advanced features › weekly active users',
  };

  it('logs a material change after the cycle started, with why and the KR as it was; minor ones need no reason', async () => {
    const view = await openEdit('U0ANA', 'O1-KR1');
    expect(view).toMatchObject({ callback_id: 'okr_edit_kr', title: { text: 'Edit O1-KR1' } });
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"8000"');

    const noReason = await save('U0ANA', view, { ...base, target: '7000' });
    expect(noReason).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringContaining('Say why') },
    });
    expect((await row('O1-KR1')).target).toBe(8000);

    expect(
      await save('U0ANA', view, { ...base, target: '7000', reason: 'Pricing change halved the addressable accounts' }),
    ).toBeNull();
    expect((await row('O1-KR1')).target).toBe(7000);
    const [logged] = await rowsOf(h.db, 'decisions');
    expect(logged).toMatchObject({
      kind: 'change',
      status: 'confirmed',
      newTarget: 7000,
      rationale: 'Pricing change halved the addressable accounts (changed: target)',
    });
    expect(JSON.parse(logged!.snapshot)).toMatchObject({ key: 'O1-KR1', target: 8000 });

    expect(await save('U0ANA', view, { ...base, target: '7000', unit: 'weekly users' })).toBeNull(); // not material
    expect((await row('O1-KR1')).unit).toBe('weekly users');
    expect(await rowsOf(h.db, 'decisions')).toHaveLength(1);

    expect(
      await save('U0ANA', view, {
        ...base,
        target: '7000',
        unit: 'weekly users',
        status: 'stopped',
        reason: 'Folded into O2',
      }),
    ).toBeNull();
    expect(await row('O1-KR1')).toMatchObject({ status: 'stopped', stoppedAt: expect.any(String) });
    expect(await rowsOf(h.db, 'decisions')).toHaveLength(2);
    // One write path: a re-import of the export changes nothing.
    expect(
      (await importOkrs(h.db, await exportDoc(h.db, (await getActiveCycle(h.db))!), { dryRun: true })).changes.filter(
        (c) => c.action !== 'note',
      ),
    ).toEqual([]);
  });

  it('is offered and allowed only to the owner and admins', async () => {
    const mine = await okrReply(h, 'U0ANA', 'mine'); // links Ana by email
    expect(mine.via).toBe('response_url');
    const shown = JSON.stringify((await okrReply(h, 'U0ANA', 'show O1-KR1')).body.blocks);
    expect(shown).toContain('"action_id":"kr:edit"');
    expect(shown).toContain('📏 Measured by: Amplitude › Advanced features › weekly active users');
    expect(JSON.stringify((await okrReply(h, 'U0MALLORY', 'show O1-KR1')).body.blocks)).not.toContain('kr:edit');
    expect((await okrReply(h, 'U0MALLORY', 'edit O1-KR1')).body.text).toBe(
      'Only the owner of O1-KR1 or an okrbot admin can edit it. Nothing was changed.',
    );
    const view = await openEdit(ADMIN, 'O1-KR1');
    const before = await row('O1-KR1');
    // A non-owner submitting a form (forged or stale) is refused too.
    expect(await save('U0BEN', view, { ...base, title: 'Something else entirely from 1 to 2' })).toMatchObject({
      response_action: 'errors',
    });
    expect(await row('O1-KR1')).toEqual(before);
    const editForms = () =>
      h.slack
        .callsTo('views.open')
        .filter((c) => (c.args.view as { callback_id?: string }).callback_id === 'okr_edit_kr').length;
    const opened = editForms();
    await interact(h, buttonPayload('U0ANA', { action_id: 'kr:edit', value: 'O1-KR1' }));
    await waitFor(() => editForms() === opened + 1);
  });

  it('is reachable from App Home: pick one of your KRs, then the same form', async () => {
    await sendEvent(h, { type: 'app_home_opened', user: 'U0ANA', channel: 'D0ANA', tab: 'home' });
    const home = await waitFor(() => h.slack.callsTo('views.publish').find((c) => c.args.user_id === 'U0ANA'));
    expect(JSON.stringify(home.args.view)).toContain('"action_id":"home:edit_kr"');
    await interact(
      h,
      buttonPayload('U0ANA', { action_id: 'home:edit_kr', value: 'pick' }, { type: 'view', view_id: 'VHOME' }),
    );
    const picker = (await waitFor(() => h.slack.callsTo('views.open')[0])).args.view as View;
    expect(picker.blocks[0]!.element!.options!.map((o) => o.value)).toEqual(['O1-KR1', 'O2-KR1']);
    const res = await interact(
      h,
      submissionPayload('U0ANA', picker, {
        kr: { kr_input: { type: 'static_select', selected_option: { value: 'O1-KR1' } } },
      }),
    );
    expect(JSON.parse(res.body)).toMatchObject({
      response_action: 'update',
      view: { callback_id: 'okr_edit_kr', title: { text: 'Edit O1-KR1' } },
    });
    const forged = await interact(
      h,
      submissionPayload('U0ANA', picker, {
        kr: { kr_input: { type: 'static_select', selected_option: { value: 'O3-KR1' } } },
      }),
    );
    expect(JSON.parse(forged.body)).toMatchObject({
      response_action: 'errors',
      errors: { kr: expect.stringContaining('Only the owner of O3-KR1') },
    });
  });

  it('checks a mid-cycle pivot’s new title and target with the same validation as a file', async () => {
    await okrReply(h, 'U0ANA', 'mine');
    const krId = (await rowsOf(h.db, 'keyResults')).find((k) => k.key === 'O1-KR1')!.id;
    const view = {
      type: 'modal',
      callback_id: 'decision_modal',
      private_metadata: JSON.stringify({ krId, kind: 'pivot' }),
    };
    const pivot = async (title: string) =>
      interact(
        h,
        submissionPayload('U0ANA', view, {
          rationale: { rationale_input: { value: 'Activation is the lever' } },
          new_title: { new_title_input: { value: title } },
          new_target: { new_target_input: { value: '6500' } },
        }),
      );
    const tooLong = await pivot('x'.repeat(301));
    expect(JSON.parse(tooLong.body)).toMatchObject({
      response_action: 'errors',
      errors: { rationale: expect.stringContaining('at most 300 characters') },
    });
    expect(await rowsOf(h.db, 'decisions')).toEqual([]);
    expect((await pivot('Raise week-1 activation from 20% to 35%')).body).toBe('');
    expect((await rowsOf(h.db, 'keyResults')).find((k) => k.id === krId)).toMatchObject({
      title: 'Raise week-1 activation from 20% to 35%',
      target: 6500,
    });
    expect(
      (await importOkrs(h.db, await exportDoc(h.db, (await getActiveCycle(h.db))!), { dryRun: true })).changes.filter(
        (c) => c.action !== 'note',
      ),
    ).toEqual([]);
  });
});
