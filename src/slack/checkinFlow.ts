import { previousCheckinWeek } from '../domain/cadence.js';
import type { Confidence } from '../domain/types.js';
import { checkinEligibility, existingCheckin } from '../services/checkins.js';
import { measuredValues } from '../services/krValues.js';
import { weekRangeText } from '../services/weeklyDm.js';
import { openView } from '../services/delivery.js';
import type { AppDeps } from '../services/deps.js';
import { escapeMrkdwn, plain, section, type ModalView } from '../views/blocks.js';
import { renderCheckinModal } from '../views/checkinModal.js';

/** The Slack side of a check-in: opening the modal (within the trigger window) and the aftermath. */

export function noticeModal(title: string, text: string): ModalView {
  return { type: 'modal', title: plain(title, 24), close: plain('OK', 24), blocks: [section(text)] };
}

export interface OpenRequest {
  triggerId: string;
  slackUserId: string;
  krId: number;
  /** The week the button was for; the owner's current week when absent. */
  week?: number;
  confidence?: Confidence | null;
}

/**
 * Opens the check-in modal, or a notice saying why not. Only sync database reads happen before
 * views.open, so the 3-second trigger window is never at risk.
 */
export async function openCheckinModal(deps: AppDeps, req: OpenRequest): Promise<void> {
  const view = await checkinModalFor(deps, req);
  await openView(deps, req.triggerId, view);
}

async function checkinModalFor(deps: AppDeps, req: OpenRequest): Promise<ModalView> {
  const may = await checkinEligibility(deps, req.slackUserId, req.krId, req.week);
  if (!may.ok) return noticeModal(may.title, escapeMrkdwn(may.error));
  const { cycle, kr, week } = may;
  return renderCheckinModal({
    kr,
    week,
    weekRange: weekRangeText(cycle, week),
    confidence: req.confidence ?? null,
    previous: await existingCheckinInfo(deps, kr.id, previousCheckinWeek(kr.cadence, week) ?? 0),
    current: await existingCheckinInfo(deps, kr.id, week),
    measured: (await measuredValues(deps.db, [kr])).get(kr.id) ?? null,
    now: deps.clock(),
    meta: { krId: kr.id, week },
  });
}

async function existingCheckinInfo(deps: AppDeps, krId: number, week: number) {
  if (week < 1) return null;
  const c = await existingCheckin(deps.db, krId, week);
  return c
    ? {
        krId,
        week,
        confidence: c.confidence as Confidence,
        evidence: c.evidence,
        risks: c.risks,
        nextAction: c.nextAction,
        value: c.value,
      }
    : null;
}
