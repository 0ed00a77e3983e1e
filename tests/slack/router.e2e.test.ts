import { afterEach, describe, expect, it } from 'vitest';
import { buttonPayload, interact, startHarness, submissionPayload, waitFor, type Harness } from '../helpers/bot.js';

/** Actions and view submissions reach their handlers through one dispatcher each (src/slack/router.ts). */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

describe('the action and view dispatchers', () => {
  it('acknowledge what nothing handles (a stale button) and say so in the log; known ids still reach theirs', async () => {
    h = await startHarness();
    const started = Date.now();
    const res = await interact(h, buttonPayload('U0ANA', { action_id: 'retired:button', value: '{}' }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2500); // acknowledged, not left to time out
    await waitFor(() => h.logs.some((l) => l.includes('no handler for this action') && l.includes('retired:button')));
    const view = { type: 'modal', callback_id: 'retired_modal', private_metadata: '' };
    expect((await interact(h, submissionPayload('U0ANA', view, {}))).status).toBe(200);
    await waitFor(() => h.logs.some((l) => l.includes('no handler for this view submission')));
    // A known button still opens its modal.
    const before = h.slack.callsTo('views.open').length;
    await interact(
      h,
      buttonPayload('U0ANA', { action_id: 'home:new_kr', value: 'new' }, { type: 'view', view_id: 'VH' }),
    );
    await waitFor(() => h.slack.callsTo('views.open').length > before);
  });
});
