import { describe, expect, it } from 'vitest';
import type { ProtocolContent } from '../protocol/schema.js';
import { type BookingRequest, checkBooking } from './rules.js';

const t = { en: 'x', ar: 'س' };
const content = {
  availability: 'bookable',
  cellSource: 'autologous_bone_marrow',
  conditions: [{ code: 'knee_oa', name: t }],
  targetSites: [
    { code: 'knee', name: t, lateralityRequired: true },
    { code: 'lumbar_disc', name: t, lateralityRequired: false },
  ],
  harvestSites: [{ code: 'iliac_crest', name: t, lateralityRequired: true }],
  anesthesiaOptions: ['local', 'light_sedation'],
  imagingGuidance: ['ultrasound', 'fluoroscopy'],
} as unknown as ProtocolContent;

const now = new Date('2026-11-25T10:00:00Z');
const ok: BookingRequest = {
  protocol: { availability: 'bookable', retired: false, content },
  suitability: 'suitable',
  choice: {
    conditionCode: 'knee_oa',
    targetSite: 'knee',
    laterality: 'left',
    harvestSite: 'iliac_crest',
    harvestLaterality: 'right',
    anesthesia: 'light_sedation',
    imagingGuidance: 'ultrasound',
  },
  sessions: [{ startsAt: new Date('2026-12-16T06:00:00Z') }],
  now,
};

const codes = (r: BookingRequest) => checkBooking(r).map((p) => `${p.code}${p.field ? `:${p.field}` : ''}`);

describe('booking a treatment plan', () => {
  it('accepts a complete booking for a suitable patient', () => {
    expect(checkBooking(ok)).toEqual([]);
  });

  it.each([
    [{ ...ok, suitability: null }, ['not_suitable']],
    [{ ...ok, suitability: 'unsuitable' as const }, ['not_suitable']],
    [{ ...ok, protocol: { ...ok.protocol, retired: true } }, ['retired_version']],
    [{ ...ok, protocol: { ...ok.protocol, availability: 'trial_only' as const } }, ['trial_only']],
    [{ ...ok, sessions: [{ startsAt: now }] }, ['in_past:sessions.0.date']],
    [
      {
        ...ok,
        sessions: [
          { startsAt: new Date('2026-12-01T00:00:00Z') },
          { startsAt: new Date('2026-11-01T00:00:00Z') },
        ],
      },
      ['in_past:sessions.1.date'],
    ],
  ])('refuses %#', (request, expected) => {
    expect(codes(request)).toEqual(expected);
  });

  it.each([
    [{ laterality: undefined }, ['laterality_required:laterality']],
    [{ targetSite: 'lumbar_disc', laterality: 'left' as const }, ['laterality_not_applicable:laterality']],
    [{ targetSite: 'lumbar_disc', laterality: undefined }, []],
    [{ targetSite: 'hip' }, ['not_offered:targetSite']],
    [{ harvestSite: undefined, harvestLaterality: undefined }, ['not_offered:harvestSite']],
    [{ harvestLaterality: undefined }, ['laterality_required:harvestLaterality']],
    [{ anesthesia: 'general' as never }, ['not_offered:anesthesia']],
    [{ imagingGuidance: 'none' as const }, ['not_offered:imagingGuidance']],
    [{ conditionCode: 'migraine' }, ['not_offered:conditionCode']],
  ])('checks the choice %o', (change, expected) => {
    expect(codes({ ...ok, choice: { ...ok.choice, ...change } })).toEqual(expected);
  });

  it('refuses a harvest site for donor cells', () => {
    const allogeneic = {
      ...content,
      cellSource: 'allogeneic',
      harvestSites: [],
    } as unknown as ProtocolContent;
    const request = { ...ok, protocol: { ...ok.protocol, content: allogeneic } };
    expect(codes(request)).toEqual(['not_offered:harvestSite']);
    expect(
      codes({ ...request, choice: { ...ok.choice, harvestSite: undefined, harvestLaterality: undefined } }),
    ).toEqual([]);
  });
});
