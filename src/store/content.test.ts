import { describe, expect, it } from 'vitest';
import { addDays, instantOf } from '../domain/clinic-time.js';
import { planPreparation } from '../domain/preparation/plan.js';
import { Intake, NOTHING_TO_REPORT } from '../domain/screening/intake.js';
import { type ScreeningRule, screen } from '../domain/screening/rules.js';
import { loadDefaultProtocols, loadScreeningRules } from './content.js';

describe('shipped content', () => {
  it('validates every default protocol against the protocol schema', () => {
    const protocols = loadDefaultProtocols();
    expect(protocols.length).toBeGreaterThanOrEqual(8);
    const bookable = protocols.filter((p) => p.availability === 'bookable').map((p) => p.code);
    expect(bookable.length).toBeGreaterThanOrEqual(6);
    const trialOnly = protocols.filter((p) => p.availability === 'trial_only');
    expect(trialOnly.length).toBeGreaterThanOrEqual(2);
  });

  it('validates the screening rules', () => {
    const rules = loadScreeningRules();
    const codes = rules.rules.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('every shipped screening rule', () => {
  const rules = loadScreeningRules();
  const today = '2026-11-25';
  const clean = Intake.parse(NOTHING_TO_REPORT);

  /** An intake that meets every condition of one rule and nothing else. */
  function meeting(rule: ScreeningRule): Intake {
    const intake: Intake = structuredClone(clean);
    for (const c of rule.when) {
      if ('flag' in c) intake[c.flag] = true;
      else if ('field' in c) Object.assign(intake, { [c.field]: c.in[0] });
      else if ('lab' in c) intake[c.lab] = c.below - 1;
      else if ('medicationClass' in c)
        intake.medications.push({ name: `a ${c.medicationClass}`, class: c.medicationClass, dose: '' });
      else intake[c.daysSince] = addDays(today, -(c.lessThan - 1));
    }
    return intake;
  }

  it('finds nothing in a clean history', () => {
    expect(screen(clean, rules, today)).toEqual([]);
  });

  it.each(rules.rules.map((r) => [r.code, r] as const))(
    '%s fires on a history that meets it',
    (_code, rule) => {
      const findings = screen(meeting(rule), rules, today);
      expect(findings.map((f) => f.code)).toContain(rule.code);
      expect(findings.find((f) => f.code === rule.code)?.severity).toBe(rule.severity);
    },
  );
});

describe('every timing rule of every shipped protocol', () => {
  const timeZone = 'Asia/Riyadh';
  const start = instantOf('2027-03-10', '09:00', timeZone);
  const cases = loadDefaultProtocols().flatMap((p) =>
    p.preparationTasks.map((t) => [p.code, t.code, p, t] as const),
  );

  it.each(cases)('%s / %s is dated from the session as its rule says', (_p, _t, protocol, task) => {
    const plan = planPreparation({
      tasks: [task],
      sessionStart: start,
      timeZone,
      anesthesia: task.appliesWhen?.anesthesia?.[0] ?? protocol.anesthesiaOptions[0] ?? 'local',
      medicationClasses: task.appliesWhen?.medicationClasses ?? [],
    });
    expect(plan).toHaveLength(1);
    const due = plan[0]?.due;
    if (task.timing.unit === 'days')
      expect(due).toEqual({ kind: 'date', date: addDays('2027-03-10', -task.timing.before) });
    else
      expect(due).toEqual({
        kind: 'instant',
        at: new Date(start.getTime() - task.timing.before * 3_600_000),
      });
    const until = task.timing.untilDaysAfter;
    expect(plan[0]?.until).toBe(until === undefined ? null : addDays('2027-03-10', until));
  });

  it('asks for no fasting when only local anaesthesia is planned', () => {
    for (const protocol of loadDefaultProtocols()) {
      const plan = planPreparation({
        tasks: protocol.preparationTasks,
        sessionStart: start,
        timeZone,
        anesthesia: 'local',
        medicationClasses: [],
      });
      expect(
        plan.filter((t) => t.due.kind === 'instant').map((t) => t.code),
        protocol.code,
      ).toEqual([]);
    }
  });

  it('never tells a patient on a blood thinner to stop it: that task is the prescriber’s', () => {
    for (const protocol of loadDefaultProtocols()) {
      const tasks = planPreparation({
        tasks: protocol.preparationTasks,
        sessionStart: start,
        timeZone,
        anesthesia: 'local',
        medicationClasses: ['anticoagulant'],
      });
      const owners = tasks.filter((t) => t.code.includes('anticoagulant')).map((t) => t.owner);
      expect(owners, protocol.code).toEqual(['prescriber']);
    }
  });
});
