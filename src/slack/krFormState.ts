import { NEW_KR_FIELD as F } from '../views/okrModal.js';

/** Reads a submitted form's fields: the raw state, or a text field trimmed (empty → undefined). */
export function formReader(values: unknown) {
  const state = values as Record<string, Record<string, StateValue>>;
  const get = (f: { block: string; action: string }) => state[f.block]?.[f.action];
  const text = (f: { block: string; action: string }) => get(f)?.value?.trim() || undefined;
  return { get, text };
}

export type StateValue = {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_user?: string | null;
  selected_options?: Array<{ value: string }>;
};

/** The "new key result" form's fields as typed so far (a submission, or the state a template choice sends). */
export function readNewKrValues(values: unknown) {
  const { get, text } = formReader(values);
  return {
    objective: get(F.objective)?.selected_option?.value,
    newObjective: text(F.newObjective),
    title: text(F.title),
    owner: get(F.owner)?.selected_user ?? undefined,
    baseline: text(F.baseline),
    target: text(F.target),
    unit: text(F.unit),
    measurement: text(F.measurement),
    source: text(F.source),
  };
}
