/** Block Kit limits, as Slack enforces them (the fake Slack answers `invalid_blocks` on these). */

const LIMIT = {
  message: 50,
  surface: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  actionsElements: 25,
  title: 24,
  metadata: 3000,
  blockId: 255,
  actionId: 255,
  label: 2000,
  optionText: 75,
  fieldText: 2000,
  fields: 10,
  altText: 2000,
};

function textLength(t: unknown): number {
  return typeof t === 'object' && t !== null ? String((t as { text?: unknown }).text ?? '').length : 0;
}

function validateElement(el: Record<string, unknown>, where: string, problems: string[]): void {
  if (typeof el.action_id === 'string' && el.action_id.length > LIMIT.actionId)
    problems.push(`${where}.action_id too long`);
  if (el.type === 'button') {
    if (textLength(el.text) > LIMIT.buttonText)
      problems.push(`${where}.text must be at most ${LIMIT.buttonText} characters`);
    if (typeof el.value === 'string' && el.value.length > LIMIT.buttonValue)
      problems.push(`${where}.value must be at most ${LIMIT.buttonValue} characters`);
  }
  for (const o of (el.options as Array<Record<string, unknown>> | undefined) ?? []) {
    if (textLength(o.text) > LIMIT.optionText) problems.push(`${where}.options text too long`);
  }
  if (
    el.type === 'plain_text_input' &&
    typeof el.initial_value === 'string' &&
    typeof el.max_length === 'number' &&
    el.initial_value.length > el.max_length
  ) {
    problems.push(`${where}.initial_value longer than max_length`);
  }
}

export function validateBlocks(blocks: unknown, maxBlocks: number): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((b: Record<string, unknown>, i) => {
    const where = `/blocks/${i}`;
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > LIMIT.blockId) problems.push(`${where}/block_id too long`);
      if (blockIds.has(b.block_id)) problems.push(`${where}/block_id duplicate ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'section': {
        if (!b.text && !b.fields) problems.push(`${where} section needs text or fields`);
        if (textLength(b.text) > LIMIT.sectionText)
          problems.push(`${where}/text must be at most ${LIMIT.sectionText} characters`);
        if (b.text && textLength(b.text) === 0) problems.push(`${where}/text must not be empty`);
        if (b.accessory) validateElement(b.accessory as Record<string, unknown>, `${where}/accessory`, problems);
        break;
      }
      case 'header':
        if (textLength(b.text) > LIMIT.headerText)
          problems.push(`${where}/text must be at most ${LIMIT.headerText} characters`);
        break;
      case 'context': {
        const els = (b.elements as unknown[]) ?? [];
        if (els.length === 0 || els.length > LIMIT.contextElements)
          problems.push(`${where}/elements must be 1–${LIMIT.contextElements}`);
        els.forEach((e, j) => textLength(e) > LIMIT.sectionText && problems.push(`${where}/elements/${j} too long`));
        break;
      }
      case 'actions': {
        const els = (b.elements as Array<Record<string, unknown>>) ?? [];
        if (els.length === 0 || els.length > LIMIT.actionsElements)
          problems.push(`${where}/elements must be 1–${LIMIT.actionsElements}`);
        const ids = new Set<string>();
        els.forEach((e, j) => {
          validateElement(e, `${where}/elements/${j}`, problems);
          if (typeof e.action_id === 'string') {
            if (ids.has(e.action_id)) problems.push(`${where}/elements/${j} duplicate action_id ${e.action_id}`);
            ids.add(e.action_id);
          }
        });
        break;
      }
      case 'input':
        if (textLength(b.label) > LIMIT.label) problems.push(`${where}/label too long`);
        if (b.element) validateElement(b.element as Record<string, unknown>, `${where}/element`, problems);
        break;
      case 'divider':
        break;
      case 'image': {
        const alt = typeof b.alt_text === 'string' ? b.alt_text : '';
        if (alt.length === 0 || alt.length > LIMIT.altText)
          problems.push(`${where}/alt_text must be 1–${LIMIT.altText} characters`);
        if (textLength(b.title) > LIMIT.altText) problems.push(`${where}/title too long`);
        if ((b.image_url === undefined) === (b.slack_file === undefined))
          problems.push(`${where} needs exactly one of image_url and slack_file`);
        break;
      }
      default:
        problems.push(`${where} unknown block type ${String(b.type)}`);
    }
  });
  return problems;
}

export function validateMessage(args: Record<string, unknown>): string[] {
  return validateBlocks(args.blocks, LIMIT.message);
}

export function validateView(surface: object): string[] {
  const view = surface as Record<string, unknown>;
  const problems = validateBlocks(view.blocks, LIMIT.surface);
  if (view.type === 'modal') {
    if (!view.title || textLength(view.title) === 0) problems.push('view.title is required');
    for (const k of ['title', 'submit', 'close'] as const)
      if (textLength(view[k]) > LIMIT.title) problems.push(`view.${k} must be at most ${LIMIT.title} characters`);
    const hasInput = ((view.blocks as Array<{ type: string }>) ?? []).some((b) => b.type === 'input');
    if (hasInput && !view.submit) problems.push('view.submit is required when inputs are present');
  } else if (view.type !== 'home') {
    problems.push(`view.type must be modal or home`);
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMIT.metadata)
    problems.push(`view.private_metadata must be at most ${LIMIT.metadata} characters`);
  return problems;
}

/**
 * Slack's limit on a message's blocks taken together: about 12,000 characters of text
 * (`msg_blocks_too_long`; a maintainer in bolt-js #2509 / #2867, reproduced at 13.2k). The exact
 * count is undocumented: the worst plausible case is modelled, every string under a `text` key
 * counted, refused above 12,000.
 */
export const TOTAL_TEXT_LIMIT = 12_000;

export function totalBlockText(blocks: unknown): number {
  if (Array.isArray(blocks)) return blocks.reduce((n: number, b) => n + totalBlockText(b), 0);
  if (!blocks || typeof blocks !== 'object') return 0;
  return Object.entries(blocks).reduce(
    (n, [k, v]) => n + (k === 'text' && typeof v === 'string' ? v.length : totalBlockText(v)),
    0,
  );
}

export function tooLong(args: Record<string, unknown>): boolean {
  const blocks = typeof args.blocks === 'string' ? (JSON.parse(args.blocks) as unknown) : args.blocks;
  return totalBlockText(blocks) > TOTAL_TEXT_LIMIT;
}
