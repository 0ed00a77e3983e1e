import type { Cadence } from './cadence.js';
/** Plain data the domain core works on; the store layer produces these from rows. */

export type Confidence = 0 | 1 | 2;
export type KrStatus = 'active' | 'paused' | 'stopped';

export const CONFIDENCE_LABEL: Record<Confidence, string> = {
  0: 'off-track',
  1: 'at-risk',
  2: 'on-track',
};

export interface KrInfo {
  id: number;
  key: string;
  title: string;
  objectiveKey: string;
  objectiveTitle: string;
  teamId: number;
  ownerId: number | null;
  /** Display name or Slack mention source; rendering decides how to show it. */
  ownerLabel: string | null;
  status: KrStatus;
  baseline: number | null;
  target: number | null;
  unit: string | null;
  currentValue: number | null;
  grade: number | null;
  /** When it was stopped (ISO instant), while stopped. */
  stoppedAt: string | null;
  /** What worked and what did not (recorded with the grade). */
  learning: string | null;
  /** The measurement plan: where the number comes from. */
  measurement: string | null;
  /** Where okrbot reads the value itself: a KrSource as JSON (domain/sources.ts), or null. */
  source: string | null;
  /** Its team's check-in cadence (domain/cadence.ts); absent: weekly. */
  cadence?: Cadence;
}

export interface CheckinInfo {
  krId: number;
  week: number;
  confidence: Confidence;
  evidence: string;
  risks: string | null;
  nextAction: string | null;
  value: number | null;
  /** Stored by "Same as last week" (the last answer carried over, the value read from its source). */
  carriedOver?: boolean;
}

export function isConfidence(n: unknown): n is Confidence {
  return n === 0 || n === 1 || n === 2;
}
