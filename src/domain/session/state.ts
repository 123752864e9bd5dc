import type { CellSource } from '../protocol/schema.js';
import type { Role } from '../roles.js';

/**
 * The session day as a state machine. Autologous: harvest → processing → release → injection.
 * Allogeneic: a donor product is issued instead of harvesting and processing.
 */
export const SESSION_STATES = [
  'booked',
  'checked_in',
  'checks_done',
  'harvesting',
  'harvested',
  'processing',
  'released',
  'product_issued',
  'injecting',
  'injected',
  'monitoring',
  'discharged',
  'cancelled',
  'aborted',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const TERMINAL_STATES: readonly SessionState[] = ['discharged', 'cancelled', 'aborted'];

export type SessionEvent =
  | 'check_in'
  | 'complete_checks'
  | 'start_harvest'
  | 'end_harvest'
  | 'start_processing'
  | 'release_product'
  | 'issue_product'
  | 'start_injection'
  | 'end_injection'
  | 'start_monitoring'
  | 'discharge'
  | 'cancel'
  | 'abort';

interface Rule {
  from: readonly SessionState[];
  to: SessionState;
  /** Who does this step in a clinic (the clinic guide's roles). */
  roles: readonly Role[];
  cellSources?: readonly CellSource[];
}

const AUTOLOGOUS: readonly CellSource[] = ['autologous_bone_marrow', 'autologous_adipose'];

const RULES: Record<Exclude<SessionEvent, 'cancel' | 'abort'>, Rule> = {
  check_in: { from: ['booked'], to: 'checked_in', roles: ['nurse', 'coordinator'] },
  complete_checks: { from: ['checked_in'], to: 'checks_done', roles: ['nurse', 'physician'] },
  start_harvest: { from: ['checks_done'], to: 'harvesting', roles: ['physician'], cellSources: AUTOLOGOUS },
  end_harvest: { from: ['harvesting'], to: 'harvested', roles: ['physician'], cellSources: AUTOLOGOUS },
  start_processing: {
    from: ['harvested'],
    to: 'processing',
    roles: ['lab_technician'],
    cellSources: AUTOLOGOUS,
  },
  // Released by a second person, not the processor: another lab technician or a physician.
  release_product: {
    from: ['processing'],
    to: 'released',
    roles: ['lab_technician', 'physician'],
    cellSources: AUTOLOGOUS,
  },
  issue_product: {
    from: ['checks_done'],
    to: 'product_issued',
    roles: ['lab_technician', 'nurse'],
    cellSources: ['allogeneic'],
  },
  start_injection: { from: ['released', 'product_issued'], to: 'injecting', roles: ['physician'] },
  end_injection: { from: ['injecting'], to: 'injected', roles: ['physician'] },
  start_monitoring: { from: ['injected'], to: 'monitoring', roles: ['nurse', 'physician'] },
  discharge: { from: ['monitoring'], to: 'discharged', roles: ['nurse', 'physician'] },
};

/** Stopping a session: before anything is done it is cancelled; once under way, aborted. */
const STOP_ROLES: Record<'cancel' | 'abort', readonly Role[]> = {
  cancel: ['physician', 'nurse', 'coordinator'],
  abort: ['physician'],
};

export type TransitionResult =
  | { ok: true; to: SessionState }
  | {
      ok: false;
      code: 'wrong_state' | 'wrong_role' | 'wrong_cell_source' | 'reason_required';
      message: string;
    };

export interface TransitionRequest {
  state: SessionState;
  cellSource: CellSource;
  event: SessionEvent;
  role: Role;
  /** Required to cancel or abort. */
  reason?: string | undefined;
}

/** Whether one step of the session may happen now, by this person; refused with the reason. */
export function transition(request: TransitionRequest): TransitionResult {
  const { state, event, role } = request;
  if (TERMINAL_STATES.includes(state)) {
    return {
      ok: false,
      code: 'wrong_state',
      message: `The session is ${state}: nothing more can happen in it.`,
    };
  }
  if (event === 'cancel' || event === 'abort') {
    if (!STOP_ROLES[event].includes(role)) return wrongRole(event, STOP_ROLES[event]);
    if (!request.reason || request.reason.trim().length < 5) {
      return { ok: false, code: 'reason_required', message: `To ${event} a session, say why.` };
    }
    return { ok: true, to: event === 'cancel' ? 'cancelled' : 'aborted' };
  }
  const rule = RULES[event];
  if (rule.cellSources && !rule.cellSources.includes(request.cellSource)) {
    return {
      ok: false,
      code: 'wrong_cell_source',
      message: `${event} does not apply to ${request.cellSource} sessions.`,
    };
  }
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      code: 'wrong_state',
      message: `${event} cannot happen while the session is ${state} (it follows ${rule.from.join(' or ')}).`,
    };
  }
  if (!rule.roles.includes(role)) return wrongRole(event, rule.roles);
  return { ok: true, to: rule.to };
}

function wrongRole(event: string, roles: readonly Role[]): TransitionResult {
  return { ok: false, code: 'wrong_role', message: `${event} is done by: ${roles.join(', ')}.` };
}

/** The events that can happen next, for the board and the session screen to offer. */
export function nextEvents(state: SessionState, cellSource: CellSource): SessionEvent[] {
  if (TERMINAL_STATES.includes(state)) return [];
  const steps = (Object.keys(RULES) as Array<keyof typeof RULES>).filter(
    (e) =>
      RULES[e].from.includes(state) && (!RULES[e].cellSources || RULES[e].cellSources.includes(cellSource)),
  );
  return [...steps, 'cancel', 'abort'];
}
