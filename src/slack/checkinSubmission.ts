import { z } from 'zod';
import type { Confidence } from '../domain/types.js';
import { FIELD, type CheckinModalMeta } from '../views/checkinModal.js';

/** Turns a check-in modal's state into validated values, or errors keyed by block for Slack. */

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .nullish()
    .transform((v) => (v ?? '').trim() || null)
    .refine((v) => v === null || v.length <= max, `${label} must be at most ${max} characters.`);

const submissionSchema = z.object({
  confidence: z
    .enum(['0', '1', '2'], { message: 'Pick a confidence: 0 off-track, 1 at-risk or 2 on-track.' })
    .transform((v) => Number(v) as Confidence),
  evidence: z
    .string({ message: 'Add your evidence: what makes you this confident?' })
    .transform((v) => v.trim())
    .refine((v) => v.length > 0, 'Add your evidence: what makes you this confident?')
    .refine((v) => v.length <= 3000, 'Evidence must be at most 3000 characters.'),
  risks: optionalText(3000, 'Risks'),
  nextAction: optionalText(3000, 'Next action'),
  value: z
    .string()
    .nullish()
    .transform((v, ctx) => {
      const raw = (v ?? '').trim().replace(/,/g, '');
      if (raw === '') return null;
      const n = Number(raw);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: 'Enter a number, e.g. 5300, or leave it empty.' });
        return z.NEVER;
      }
      return n;
    }),
});

export type CheckinValues = z.infer<typeof submissionSchema>;

const BLOCK_OF: Record<keyof CheckinValues, string> = {
  confidence: FIELD.confidence.block,
  evidence: FIELD.evidence.block,
  risks: FIELD.risks.block,
  nextAction: FIELD.nextAction.block,
  value: FIELD.value.block,
};

export function parseCheckinState(
  values: StateValues,
): { ok: true; values: CheckinValues } | { ok: false; errors: Record<string, string> } {
  const get = (f: { block: string; action: string }) => values[f.block]?.[f.action];
  const result = submissionSchema.safeParse({
    confidence: get(FIELD.confidence)?.selected_option?.value,
    evidence: get(FIELD.evidence)?.value ?? undefined,
    risks: get(FIELD.risks)?.value,
    nextAction: get(FIELD.nextAction)?.value,
    value: get(FIELD.value)?.value,
  });
  if (result.success) return { ok: true, values: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const block = BLOCK_OF[issue.path[0] as keyof CheckinValues];
    if (block && !errors[block]) errors[block] = issue.message;
  }
  return { ok: false, errors };
}

const metaSchema = z.object({ krId: z.number().int().positive(), week: z.number().int().positive() });

export function parseCheckinMeta(raw: string | undefined): CheckinModalMeta | null {
  try {
    const r = metaSchema.safeParse(JSON.parse(raw ?? ''));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
