import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { verifyAuditTrail } from '../../src/store/audit.js';
import { signedIn } from '../support/fixtures.js';
import { startTestServer } from '../support/server.js';

describe('the demo clinic', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ demo: true });
  });
  afterAll(() => server?.close());

  it('shows the demo patient a booked knee session, its preparation and the path to 12 months', async () => {
    const patient = await signedIn(server.url, { email: 'patient@demo.clinic', password: 'cellpath-demo' });
    const guide = await patient.get('/api/portal/guide');
    expect(guide.status, guide.text).toBe(200);
    expect(guide.json.plans).toHaveLength(1);
    expect(guide.json.plans[0].protocol.code).toBe('knee_oa_bmac');
    expect(guide.json.plans[0].consent.valid).toBe(false);
    const codes = guide.json.plans[0].preparation[0].tasks.map((t: { code: string }) => t.code);
    expect(codes).toEqual(expect.arrayContaining(['stop_nsaids', 'fast_clear_liquids']));
    expect(guide.json.timeline.at(-1).kind).toBe('follow_up');
  });

  it('queues her reminders and keeps the audit trail intact', async () => {
    const nurse = await signedIn(server.url, { email: 'nurse@demo.clinic', password: 'cellpath-demo' });
    const outbox = await nurse.get('/api/outbox');
    expect(outbox.json.items.some((m: { recipient: string }) => m.recipient === 'patient@demo.clinic')).toBe(
      true,
    );
    expect((await verifyAuditTrail(server.store.db)).problem).toBeNull();
  });
});
