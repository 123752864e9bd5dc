import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellSource } from '../protocol/schema.js';
import { ROLES } from '../roles.js';
import { stepDurations } from './durations.js';
import {
  nextEvents,
  SESSION_STATES,
  type SessionEvent,
  type SessionState,
  TERMINAL_STATES,
  transition,
} from './state.js';

const HAPPY_AUTOLOGOUS: Array<
  [SessionEvent, 'nurse' | 'physician' | 'lab_technician' | 'coordinator', SessionState]
> = [
  ['check_in', 'coordinator', 'checked_in'],
  ['complete_checks', 'nurse', 'checks_done'],
  ['start_harvest', 'physician', 'harvesting'],
  ['end_harvest', 'physician', 'harvested'],
  ['start_processing', 'lab_technician', 'processing'],
  ['release_product', 'lab_technician', 'released'],
  ['start_injection', 'physician', 'injecting'],
  ['end_injection', 'physician', 'injected'],
  ['start_monitoring', 'nurse', 'monitoring'],
  ['discharge', 'nurse', 'discharged'],
];

describe('the session state machine', () => {
  it('runs an autologous session from booking to discharge', () => {
    let state: SessionState = 'booked';
    for (const [event, role, expected] of HAPPY_AUTOLOGOUS) {
      const result = transition({ state, cellSource: 'autologous_bone_marrow', event, role });
      expect(result, event).toEqual({ ok: true, to: expected });
      if (result.ok) state = result.to;
    }
  });

  it('skips harvest and processing for donor cells: checks → product issued → injecting', () => {
    const cellSource: CellSource = 'allogeneic';
    expect(
      transition({ state: 'checks_done', cellSource, event: 'start_harvest', role: 'physician' }),
    ).toMatchObject({ ok: false, code: 'wrong_cell_source' });
    expect(
      transition({ state: 'checks_done', cellSource, event: 'issue_product', role: 'lab_technician' }),
    ).toEqual({ ok: true, to: 'product_issued' });
    expect(
      transition({ state: 'product_issued', cellSource, event: 'start_injection', role: 'physician' }),
    ).toEqual({ ok: true, to: 'injecting' });
    expect(nextEvents('checks_done', cellSource)).toEqual(['issue_product', 'cancel', 'abort']);
  });

  it.each([
    ['booked', 'start_harvest', 'physician', 'wrong_state'],
    ['harvested', 'start_injection', 'physician', 'wrong_state'],
    ['processing', 'release_product', 'nurse', 'wrong_role'],
    ['processing', 'release_product', 'coordinator', 'wrong_role'],
    ['released', 'start_injection', 'nurse', 'wrong_role'],
    ['checks_done', 'start_harvest', 'lab_technician', 'wrong_role'],
    ['discharged', 'cancel', 'physician', 'wrong_state'],
  ] as const)('refuses %s → %s by a %s (%s)', (state, event, role, code) => {
    expect(
      transition({ state, cellSource: 'autologous_adipose', event, role, reason: 'patient unwell today' }),
    ).toMatchObject({ ok: false, code });
  });

  it('cancels or aborts a live session only with a reason, by the right people', () => {
    const base = { state: 'harvesting' as const, cellSource: 'autologous_bone_marrow' as const };
    expect(transition({ ...base, event: 'abort', role: 'physician' })).toMatchObject({
      code: 'reason_required',
    });
    expect(transition({ ...base, event: 'abort', role: 'nurse', reason: 'vasovagal episode' })).toMatchObject(
      { code: 'wrong_role' },
    );
    expect(transition({ ...base, event: 'abort', role: 'physician', reason: 'vasovagal episode' })).toEqual({
      ok: true,
      to: 'aborted',
    });
    expect(
      transition({
        ...base,
        state: 'booked',
        event: 'cancel',
        role: 'coordinator',
        reason: 'patient has a fever',
      }),
    ).toEqual({ ok: true, to: 'cancelled' });
  });

  it('never leaves a terminal state and only ever moves to a known state', () => {
    const events: SessionEvent[] = [
      ...new Set(HAPPY_AUTOLOGOUS.map(([e]) => e)),
      'issue_product',
      'cancel',
      'abort',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...SESSION_STATES),
        fc.constantFrom(...events),
        fc.constantFrom(...ROLES),
        fc.constantFrom<CellSource>('autologous_bone_marrow', 'autologous_adipose', 'allogeneic'),
        (state, event, role, cellSource) => {
          const result = transition({ state, cellSource, event, role, reason: 'a long enough reason' });
          if (TERMINAL_STATES.includes(state)) return !result.ok;
          if (role === 'patient' || role === 'admin') return !result.ok;
          return !result.ok || SESSION_STATES.includes(result.to);
        },
      ),
    );
  });
});

describe('step durations', () => {
  const t = (minutes: number) => new Date(Date.UTC(2026, 11, 16, 6, minutes));
  const steps = [
    { kind: 'harvest' as const, minMinutes: 30, maxMinutes: 45 },
    { kind: 'processing' as const, minMinutes: 30, maxMinutes: 60 },
    { kind: 'injection' as const, minMinutes: 15, maxMinutes: 30 },
  ];

  it('flags a step outside the protocol range and leaves unfinished steps out', () => {
    const history = [
      { event: 'start_harvest' as const, at: t(0) },
      { event: 'end_harvest' as const, at: t(50) },
      { event: 'start_processing' as const, at: t(55) },
      { event: 'release_product' as const, at: t(100) },
      { event: 'start_injection' as const, at: t(110) },
    ];
    expect(stepDurations(history, steps)).toEqual([
      { kind: 'harvest', minutes: 50, minMinutes: 30, maxMinutes: 45, deviation: 'longer' },
      { kind: 'processing', minutes: 45, minMinutes: 30, maxMinutes: 60, deviation: null },
    ]);
  });

  it.each([
    [29, 'shorter'],
    [30, null],
    [45, null],
    [46, 'longer'],
  ] as const)('a %i-minute harvest is %s', (minutes, deviation) => {
    const history = [
      { event: 'start_harvest' as const, at: t(0) },
      { event: 'end_harvest' as const, at: t(minutes) },
    ];
    expect(stepDurations(history, steps)[0]?.deviation).toBe(deviation);
  });
});
