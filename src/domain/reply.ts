import type { Confidence } from './types.js';

/**
 * Plain-text check-ins typed into the DM: `O1-KR2 1 adoption 30% below target`, or with a single
 * KR still pending this week, `1 adoption 30% below target`. Nothing is guessed: anything else is
 * answered with the accepted form.
 */

export type ReplyParse =
  { ok: true; krKey: string; confidence: Confidence; evidence: string } | { ok: false; reason: string };

// The score is read with its sign and decimals so that `-1` or `1.5` is refused, never read as 1.
const SCORE = String.raw`([+-]?[0-9]+(?:[.,][0-9]+)?)(?![0-9])`;
const SEP = String.raw`(?:[:–—]|-(?![0-9]))?`;
const WITH_ID = new RegExp(
  String.raw`^\s*((?:[A-Za-z][A-Za-z0-9]*-)?O\d+-KR\d+)\s*${SEP}\s*${SCORE}\s*[:\-–—]?\s*([\s\S]*)$`,
  'i',
);
const WITHOUT_ID = new RegExp(String.raw`^\s*${SCORE}\s*[:\-–—]?\s*([\s\S]*)$`);

export const REPLY_FORM =
  '`O1-KR2 1 adoption 30% below target` — the KR id, a score (0 off-track, 1 at-risk, 2 on-track) and your evidence';

export function parseCheckinReply(text: string, owned: string[], pending: string[]): ReplyParse {
  const withId = WITH_ID.exec(text);
  let key: string;
  let score: string;
  let evidence: string;
  if (withId) {
    key = withId[1]!.toUpperCase();
    score = withId[2]!;
    evidence = withId[3]!.trim();
    if (!owned.includes(key)) {
      return {
        ok: false,
        reason: owned.length ? `You don't own ${key}. Your key results: ${owned.join(', ')}.` : `You don't own ${key}.`,
      };
    }
  } else {
    const bare = WITHOUT_ID.exec(text);
    if (!bare) return { ok: false, reason: `I couldn't read that as a check-in. Reply like ${REPLY_FORM}.` };
    if (pending.length !== 1) {
      return {
        ok: false,
        reason:
          pending.length === 0
            ? `Which key result? You have no check-in pending this week; to edit one, start with its id: ${REPLY_FORM}.`
            : `Which key result? You have ${pending.length} waiting (${pending.join(', ')}); start with its id: ${REPLY_FORM}.`,
      };
    }
    key = pending[0]!;
    score = bare[1]!;
    evidence = bare[2]!.trim();
  }
  if (score !== '0' && score !== '1' && score !== '2') {
    return {
      ok: false,
      reason: `The score must be 0 (off-track), 1 (at-risk) or 2 (on-track), not ${score}. Reply like ${REPLY_FORM}.`,
    };
  }
  if (!evidence) return { ok: false, reason: `Please add your evidence after the score, e.g. ${REPLY_FORM}.` };
  return { ok: true, krKey: key, confidence: Number(score) as Confidence, evidence };
}
