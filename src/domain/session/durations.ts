import type { StepKind } from '../protocol/schema.js';
import type { SessionEvent } from './state.js';

export interface TransitionRecord {
  event: SessionEvent;
  at: Date;
}

/** Which transitions open and close each step of the protocol. */
const STEP_BOUNDS: Record<StepKind, { start: SessionEvent; end: SessionEvent }> = {
  harvest: { start: 'start_harvest', end: 'end_harvest' },
  processing: { start: 'start_processing', end: 'release_product' },
  injection: { start: 'start_injection', end: 'end_injection' },
  monitoring: { start: 'start_monitoring', end: 'discharge' },
};

export interface StepDuration {
  kind: StepKind;
  minutes: number;
  minMinutes: number;
  maxMinutes: number;
  /** Outside the protocol's range: a deviation to review, not an error. */
  deviation: 'shorter' | 'longer' | null;
}

/**
 * The actual duration of each finished step, compared with the protocol's range. A step still
 * running has no entry; `now` would make it an overrun for the board, not a duration.
 */
export function stepDurations(
  history: readonly TransitionRecord[],
  steps: ReadonlyArray<{ kind: StepKind; minMinutes: number; maxMinutes: number }>,
): StepDuration[] {
  const at = (event: SessionEvent) => history.find((h) => h.event === event)?.at;
  return steps.flatMap((step) => {
    const bounds = STEP_BOUNDS[step.kind];
    const start = at(bounds.start);
    const end = at(bounds.end);
    if (!start || !end) return [];
    const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
    const deviation = minutes < step.minMinutes ? 'shorter' : minutes > step.maxMinutes ? 'longer' : null;
    return [
      { kind: step.kind, minutes, minMinutes: step.minMinutes, maxMinutes: step.maxMinutes, deviation },
    ];
  });
}

/** Minutes a running step has gone past its maximum, for the clinic board (0 when within). */
export function overrunMinutes(startedAt: Date, maxMinutes: number, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 60_000) - maxMinutes);
}

/** The protocol step a session is in the middle of, for the board's overrun clock. */
export function runningStep(state: string): StepKind | null {
  switch (state) {
    case 'harvesting':
      return 'harvest';
    case 'processing':
      return 'processing';
    case 'injecting':
      return 'injection';
    case 'monitoring':
      return 'monitoring';
    default:
      return null;
  }
}
