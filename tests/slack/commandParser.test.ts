import { describe, expect, it } from 'vitest';
import { parseChannel, parseOkrCommand } from '../../src/slack/okrCommandParser.js';

describe('/okr parsing', () => {
  it('parses every subcommand', () => {
    expect(parseOkrCommand('')).toEqual({ kind: 'help' });
    expect(parseOkrCommand('  mine ')).toEqual({ kind: 'mine' });
    expect(parseOkrCommand('show o1-kr2')).toEqual({ kind: 'show', kr: 'O1-KR2' });
    expect(parseOkrCommand('checkin')).toEqual({ kind: 'checkin' });
    expect(parseOkrCommand('checkin PLAT-O1-KR2')).toEqual({ kind: 'checkin', kr: 'PLAT-O1-KR2' });
    expect(parseOkrCommand('digest Platform Eng')).toEqual({ kind: 'digest', team: 'Platform Eng' });
    expect(parseOkrCommand('decide O1-KR2 double-down Signal is strong')).toEqual({
      kind: 'decide',
      kr: 'O1-KR2',
      decision: 'double_down',
      rationale: 'Signal is strong',
    });
    expect(parseOkrCommand('grade O1-KR2 0.7')).toEqual({ kind: 'grade', kr: 'O1-KR2', grade: 0.7 });
    expect(parseOkrCommand('ooo 2027-02-20')).toEqual({ kind: 'ooo', until: '2027-02-20' });
    expect(parseOkrCommand('back')).toEqual({ kind: 'back' });
    expect(parseOkrCommand('team Platform Eng channel <#C0PLAT|plat>')).toEqual({
      kind: 'team-channel',
      team: 'Platform Eng',
      channel: 'C0PLAT',
    });
    expect(parseOkrCommand('team Discovery schedule Tue 09:30 America/New_York')).toEqual({
      kind: 'team-schedule',
      team: 'Discovery',
      weekday: 2,
      time: '09:30',
      timezone: 'America/New_York',
    });
    expect(parseOkrCommand('cycle start 2027-Q2')).toEqual({ kind: 'cycle', action: 'start', name: '2027-Q2' });
    expect(parseOkrCommand('cycle close')).toEqual({ kind: 'cycle', action: 'close' });
  });
  it('rejects malformed input with the right form', () => {
    for (const bad of [
      'show',
      'grade O1-KR1',
      'grade O1-KR1 high',
      'ooo 2027-02-30',
      'team Discovery channel general',
      'team channel C0X',
      'cycle',
      'mine now',
      'decide O1-KR1 pivot',
    ]) {
      const r = parseOkrCommand(bad);
      expect(r.kind, bad).toBe('error');
      if (r.kind === 'error') expect(r.message, bad).toMatch(/Usage: |I don't know/);
    }
  });
  it('reads channels as Slack sends them', () => {
    expect(parseChannel('<#C012AB|okr>')).toBe('C012AB');
    expect(parseChannel('<#C012AB>')).toBe('C012AB');
    expect(parseChannel('C012AB')).toBe('C012AB');
    expect(parseChannel('#general')).toBeNull();
  });
  it('decodes free text as Slack sends it (escaped, with markup) and keeps its line breaks', () => {
    const names = (id: string) => ({ U0BEN: 'Ben' })[id];
    expect(
      parseOkrCommand(
        'decide O1-KR2 pivot R&amp;D says &lt;5% use it;\nsee <https://x.example.com/a?b=1&amp;c=2|notes> with <@U0BEN>',
        names,
      ),
    ).toEqual({
      kind: 'decide',
      kr: 'O1-KR2',
      decision: 'pivot',
      rationale: 'R&D says <5% use it;\nsee notes (https://x.example.com/a?b=1&c=2) with @Ben',
    });
    expect(parseOkrCommand('grade O1-KR2 0.7 <!here> tours &gt; docs')).toEqual({
      kind: 'grade',
      kr: 'O1-KR2',
      grade: 0.7,
      learning: '@here tours > docs',
    });
    expect(parseOkrCommand('link O1-KR2 <https://x.example.com/a|A label with spaces>')).toEqual({
      kind: 'link',
      krs: ['O1-KR2'],
      url: 'https://x.example.com/a',
      title: 'A label with spaces',
    });
    expect(parseOkrCommand('admins add <@U0BEN|Ben Smith>')).toEqual({ kind: 'admins', action: 'add', user: 'U0BEN' });
    expect(parseOkrCommand('digest R&amp;D')).toEqual({ kind: 'digest', team: 'R&D' });
  });
  it('echoes bad input decoded and escaped once', () => {
    expect(parseOkrCommand('show &lt;script&gt;')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('"&lt;script&gt;" is not a key result id'),
    });
    expect(parseOkrCommand('frob <!channel>')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('I don\'t know "/okr frob"'),
    });
    expect(parseOkrCommand('ooo <!channel>')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('"@channel" is not a date'),
    });
  });
});

describe('/okr team … cadence, escalate, leads and /okr away-statuses', () => {
  it('parses them as Slack sends them, and says what is wrong otherwise', () => {
    expect(parseOkrCommand('team Platform Eng cadence biweekly')).toEqual({
      kind: 'team-cadence',
      team: 'Platform Eng',
      cadence: 'biweekly',
    });
    expect(parseOkrCommand('team Discovery escalate 3')).toEqual({
      kind: 'team-escalate',
      team: 'Discovery',
      afterWeeks: 3,
    });
    expect(parseOkrCommand('team Discovery escalate on')).toEqual({
      kind: 'team-escalate',
      team: 'Discovery',
      afterWeeks: 2,
    });
    expect(parseOkrCommand('team Discovery escalate OFF')).toEqual({
      kind: 'team-escalate',
      team: 'Discovery',
      afterWeeks: null,
    });
    expect(parseOkrCommand('team Discovery leads <@U0FAY|fay> <@U0GUS|gus>')).toEqual({
      kind: 'team-leads',
      team: 'Discovery',
      leads: ['U0FAY', 'U0GUS'],
    });
    expect(parseOkrCommand('team Discovery leads none')).toEqual({ kind: 'team-leads', team: 'Discovery', leads: [] });
    expect(parseOkrCommand('team Discovery escalate soon')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('Say after how many missed weeks (e.g. 2), on (2) or off.'),
    });
    expect(parseOkrCommand('team Discovery leads fay')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('"fay" is not a person: mention them (@name).'),
    });
    expect(parseOkrCommand('team Discovery cadence')).toMatchObject({ kind: 'error' });
    expect(parseOkrCommand('away-statuses :palm_tree: "out of office" OOO “on leave”')).toEqual({
      kind: 'away-statuses',
      markers: [':palm_tree:', 'out of office', 'OOO', 'on leave'],
    });
    expect(parseOkrCommand('away-statuses')).toEqual({ kind: 'away-statuses' });
  });
});
