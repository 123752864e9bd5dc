import { z } from 'zod';
import { localDate, localTime } from '../domain/clinic-time.js';
import { isConsentValid } from '../domain/consent.js';
import { CELL_SOURCES, LATERALITY, ProtocolContent, Text } from '../domain/protocol/schema.js';
import type { SignatureRecord } from '../store/consents.js';
import type { PlanRecord } from '../store/plans.js';
import type { ProtocolVersionRecord } from '../store/protocols.js';

export const ProtocolSummarySchema = z.object({
  code: z.string(),
  versionId: z.string(),
  version: z.number(),
  status: z.enum(['active', 'retired']),
  availability: z.enum(['bookable', 'trial_only']),
  title: Text,
  summary: Text,
  cellSource: z.enum(CELL_SOURCES),
  conditions: z.array(z.object({ code: z.string(), name: Text })),
  createdAt: z.string(),
  retiredReason: z.string().nullable(),
});

export const ProtocolVersionSchema = ProtocolSummarySchema.extend({ content: ProtocolContent });

export function toProtocolSummary(v: ProtocolVersionRecord): z.infer<typeof ProtocolSummarySchema> {
  return {
    code: v.code,
    versionId: v.id,
    version: v.version,
    status: v.retired ? 'retired' : 'active',
    availability: v.content.availability,
    title: v.content.title,
    summary: v.content.summary,
    cellSource: v.content.cellSource,
    conditions: v.content.conditions,
    createdAt: v.createdAt.toISOString(),
    retiredReason: v.retired?.reason ?? null,
  };
}

export const ConsentStatusSchema = z.object({
  valid: z.boolean(),
  signature: z
    .object({
      id: z.string(),
      typedName: z.string(),
      signedAt: z.string(),
      language: z.enum(['en', 'ar']),
      consentVersion: z.number(),
      witness: z.object({ name: z.string(), witnessedAt: z.string() }).nullable(),
    })
    .nullable(),
});

export function toConsentStatus(
  signature: SignatureRecord | null,
  required: { protocolVersionId: string; consentVersion: number },
): z.infer<typeof ConsentStatusSchema> {
  const valid = isConsentValid(
    signature
      ? {
          protocolVersionId: signature.protocolVersionId,
          consentVersion: signature.consentVersion,
          witnessed: !!signature.witness,
        }
      : null,
    required,
  );
  return {
    valid,
    signature: signature
      ? {
          id: signature.id,
          typedName: signature.typedName,
          signedAt: signature.signedAt.toISOString(),
          language: signature.language,
          consentVersion: signature.consentVersion,
          witness: signature.witness
            ? { name: signature.witness.name, witnessedAt: signature.witness.witnessedAt.toISOString() }
            : null,
        }
      : null,
  };
}

export const SessionSchema = z.object({
  id: z.string(),
  sequence: z.number(),
  startsAt: z.string(),
  localDate: z.string(),
  localTime: z.string(),
  status: z.literal('booked'),
});

export const PlanSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  protocol: ProtocolSummarySchema,
  conditionCode: z.string(),
  targetSite: z.string(),
  laterality: z.enum(LATERALITY).nullable(),
  harvestSite: z.string().nullable(),
  harvestLaterality: z.enum(['left', 'right']).nullable(),
  anesthesia: z.enum(['local', 'light_sedation']),
  imagingGuidance: z.enum(['ultrasound', 'fluoroscopy', 'none']),
  sessions: z.array(SessionSchema),
  consent: ConsentStatusSchema,
  createdAt: z.string(),
});

export function toPlanDto(
  plan: PlanRecord,
  protocol: ProtocolVersionRecord,
  signature: SignatureRecord | null,
  timeZone: string,
): z.infer<typeof PlanSchema> {
  return {
    id: plan.id,
    patientId: plan.patientId,
    protocol: toProtocolSummary(protocol),
    conditionCode: plan.conditionCode,
    targetSite: plan.targetSite,
    laterality: plan.laterality ?? null,
    harvestSite: plan.harvestSite ?? null,
    harvestLaterality: plan.harvestLaterality ?? null,
    anesthesia: plan.anesthesia,
    imagingGuidance: plan.imagingGuidance,
    sessions: plan.sessions.map((s) => ({
      id: s.id,
      sequence: s.sequence,
      startsAt: s.startsAt.toISOString(),
      localDate: localDate(s.startsAt, timeZone),
      localTime: localTime(s.startsAt, timeZone),
      status: 'booked' as const,
    })),
    consent: toConsentStatus(signature, {
      protocolVersionId: protocol.id,
      consentVersion: protocol.content.consent.version,
    }),
    createdAt: plan.createdAt.toISOString(),
  };
}
