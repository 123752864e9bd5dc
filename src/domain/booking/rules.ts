import type { Anesthesia, ImagingGuidance, Laterality, ProtocolContent } from '../protocol/schema.js';

export interface PlanChoice {
  conditionCode: string;
  targetSite: string;
  laterality?: Laterality | undefined;
  harvestSite?: string | undefined;
  harvestLaterality?: 'left' | 'right' | undefined;
  anesthesia: Anesthesia;
  imagingGuidance: ImagingGuidance;
}

export interface BookingRequest {
  protocol: { availability: ProtocolContent['availability']; retired: boolean; content: ProtocolContent };
  /** The physician's signed decision on the patient's latest intake, or null when none is current. */
  suitability: 'suitable' | 'unsuitable' | null;
  choice: PlanChoice;
  sessions: ReadonlyArray<{ startsAt: Date }>;
  now: Date;
}

export type BookingProblemCode =
  | 'trial_only'
  | 'retired_version'
  | 'not_suitable'
  | 'in_past'
  | 'not_offered'
  | 'laterality_required'
  | 'laterality_not_applicable';

export interface BookingProblem {
  code: BookingProblemCode;
  field?: string;
  message: string;
}

/** What the protocol offers for one choice, as a problem when the choice is not among them. */
function offered(field: string, value: string | undefined, options: readonly string[]): BookingProblem[] {
  if (value !== undefined && options.includes(value)) return [];
  return [
    { code: 'not_offered', field, message: `${field} must be one of: ${options.join(', ') || '(none)'}` },
  ];
}

function sideProblems(field: string, side: string | undefined, required: boolean): BookingProblem[] {
  if (required && !side)
    return [{ code: 'laterality_required', field, message: `${field}: this site needs a side` }];
  if (!required && side) {
    return [{ code: 'laterality_not_applicable', field, message: `${field}: this site has no side` }];
  }
  return [];
}

function choiceProblems(content: ProtocolContent, c: PlanChoice): BookingProblem[] {
  const target = content.targetSites.find((s) => s.code === c.targetSite);
  const harvest = content.harvestSites.find((s) => s.code === c.harvestSite);
  const autologous = content.cellSource !== 'allogeneic';
  return [
    ...offered(
      'conditionCode',
      c.conditionCode,
      content.conditions.map((x) => x.code),
    ),
    ...offered(
      'targetSite',
      c.targetSite,
      content.targetSites.map((x) => x.code),
    ),
    ...(target ? sideProblems('laterality', c.laterality, target.lateralityRequired) : []),
    ...(autologous
      ? offered(
          'harvestSite',
          c.harvestSite,
          content.harvestSites.map((x) => x.code),
        )
      : []),
    ...(!autologous && c.harvestSite
      ? [
          {
            code: 'not_offered' as const,
            field: 'harvestSite',
            message: 'harvestSite: donor cells are not harvested',
          },
        ]
      : []),
    ...(harvest ? sideProblems('harvestLaterality', c.harvestLaterality, harvest.lateralityRequired) : []),
    ...offered('anesthesia', c.anesthesia, content.anesthesiaOptions),
    ...offered('imagingGuidance', c.imagingGuidance, content.imagingGuidance),
  ];
}

/**
 * Whether a treatment plan and its sessions may be booked. Returns every problem, each naming
 * the field at fault; an empty list means the booking stands.
 */
export function checkBooking(request: BookingRequest): BookingProblem[] {
  const problems: BookingProblem[] = [];
  const { protocol } = request;
  if (protocol.availability === 'trial_only') {
    problems.push({ code: 'trial_only', message: 'This protocol is offered only inside a clinical trial.' });
  }
  if (protocol.retired) {
    problems.push({
      code: 'retired_version',
      message: 'This protocol version is retired; choose the current one.',
    });
  }
  if (request.suitability !== 'suitable') {
    problems.push({
      code: 'not_suitable',
      message:
        request.suitability === 'unsuitable'
          ? 'A physician decided this patient is not suitable.'
          : 'A physician has not signed a suitability decision on the latest medical history.',
    });
  }
  request.sessions.forEach((session, i) => {
    if (session.startsAt.getTime() <= request.now.getTime()) {
      problems.push({
        code: 'in_past',
        field: `sessions.${i}.date`,
        message: 'A session cannot be booked in the past.',
      });
    }
  });
  return [...problems, ...choiceProblems(protocol.content, request.choice)];
}
