import { addDays, localDate } from '../clinic-time.js';
import type { ProtocolContent, Text } from '../protocol/schema.js';
import type { PlannedTask } from './plan.js';

export interface TimelineItem {
  kind: 'task' | 'session' | 'follow_up';
  date: string;
  /** The exact moment, for sessions and timed tasks (fasting). */
  at: Date | null;
  title: Text;
  sessionId: string | null;
  taskCode: string | null;
}

export interface TimelineSession {
  id: string;
  sequence: number;
  startsAt: Date;
  tasks: readonly PlannedTask[];
}

const SESSION_TITLE = (n: number): Text => ({ en: `Treatment session ${n}`, ar: `جلسة العلاج ${n}` });

/**
 * The patient's dated path for one plan: preparation tasks, the sessions, and the follow-ups
 * counted from the last session, from `today` on (earlier tasks are history, not the path ahead).
 */
export function buildTimeline(
  protocol: Pick<ProtocolContent, 'followUps'>,
  sessions: readonly TimelineSession[],
  timeZone: string,
  today: string,
): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const session of sessions) {
    for (const task of session.tasks) {
      const date = task.due.kind === 'date' ? task.due.date : localDate(task.due.at, timeZone);
      const at = task.due.kind === 'instant' ? task.due.at : null;
      items.push({ kind: 'task', date, at, title: task.title, sessionId: session.id, taskCode: task.code });
    }
    const date = localDate(session.startsAt, timeZone);
    items.push({
      kind: 'session',
      date,
      at: session.startsAt,
      title: SESSION_TITLE(session.sequence),
      sessionId: session.id,
      taskCode: null,
    });
  }
  const last = sessions.reduce<TimelineSession | null>(
    (a, s) => (!a || s.startsAt > a.startsAt ? s : a),
    null,
  );
  if (last) {
    const from = localDate(last.startsAt, timeZone);
    for (const f of protocol.followUps) {
      items.push({
        kind: 'follow_up',
        date: addDays(from, f.weeksAfter * 7),
        at: null,
        title: f.name,
        sessionId: null,
        taskCode: null,
      });
    }
  }
  const key = (i: TimelineItem) => `${i.date}${i.at ? i.at.toISOString() : ''}`;
  return items.filter((i) => i.date >= today).sort((a, b) => key(a).localeCompare(key(b)));
}
