import { type AddressInfo, createServer, type Server } from 'node:net';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueMessages } from '../../src/jobs/outbox-worker.js';
import type { RunningServer } from '../../src/server.js';
import {
  cancelMessages,
  claimNextDue,
  enqueueMessage,
  type NewOutboxMessage,
} from '../../src/store/outbox.js';
import type { Database } from '../../src/store/schema.js';
import { type ClinicFixture, createClinic, signedIn } from '../support/fixtures.js';
import { startTestServer, testTargets } from '../support/server.js';

const FROM = 'CellPath Test <no-reply@test.clinic>';

interface Received {
  to: string[];
  headers: Record<string, string>;
  body: string;
}

/** A real SMTP server on loopback that keeps what it receives; some addresses are refused. */
class Mailbox {
  readonly messages: Received[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => callback(refusal(address.address)),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.messages.push({ to: session.envelope.rcptTo.map((r) => r.address), ...parseMessage(chunks) });
          callback();
        });
      },
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(recipient: string): Received[] {
    return this.messages.filter((m) => m.to.includes(recipient));
  }
}

// `busy@…` is refused for now (451), `bounce@…` for good (550), like real mail servers do.
function refusal(address: string): Error | null {
  const code = address.startsWith('busy@') ? 451 : address.startsWith('bounce@') ? 550 : null;
  if (code === null) return null;
  return Object.assign(new Error(code === 451 ? 'Try again later' : 'No such mailbox'), {
    responseCode: code,
  });
}

/** Headers (unfolded, RFC 2047 words decoded) and the text body (transfer encoding undone). */
function parseMessage(chunks: Buffer[]): { headers: Record<string, string>; body: string } {
  const raw = Buffer.concat(chunks).toString('latin1');
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoded = raw.slice(split + 4);
  const encoding = headers['content-transfer-encoding']?.toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(encoded, 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(encoded)
        : Buffer.from(encoded, 'latin1');
  return { headers, body: bytes.toString('utf8').replace(/\r\n$/, '') };
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?') // whitespace between encoded words is not part of the text
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_all, kind: string, text: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

/**
 * A mail server that takes the whole message, then drops the connection instead of answering:
 * the sender cannot know whether the message was accepted.
 */
async function startDroppingServer(): Promise<{ server: Server; port: number; received: () => number }> {
  let received = 0;
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.write('220 drop.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      if (inData) {
        if (!buffer.includes('\r\n.\r\n')) return;
        received++;
        socket.destroy();
        return;
      }
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const command = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        inData = command === 'DATA';
        socket.write(inData ? '354 go ahead\r\n' : '250 ok\r\n');
        if (inData) break;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, received: () => received };
}

describe.each(testTargets())('outbox on $name', ({ target }) => {
  let server: RunningServer;
  let db: Kysely<Database>;
  const mailbox = new Mailbox();
  let transport: Transporter;

  beforeAll(async () => {
    server = await startTestServer({ target });
    db = server.store.db;
    await mailbox.start();
    transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: mailbox.port,
      secure: false,
      ignoreTLS: true,
      connectionTimeout: 5_000,
    });
  });
  afterAll(async () => {
    transport?.close();
    await mailbox.stop();
    await server?.close();
  });

  const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000);

  function reminder(fixture: ClinicFixture, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
    const tag = Math.random().toString(36).slice(2, 10);
    return {
      clinicId: fixture.clinic.id,
      patientId: fixture.patients[1]?.id ?? null,
      kind: 'preparation_task',
      recipient: `peter-${tag}@patients.test`,
      language: 'en',
      subject: 'Stop taking ibuprofen today',
      bodyText: 'Anti-inflammatory medicines can blunt the treatment: stop them from today.',
      dueAt: new Date(Date.now() - 60_000),
      idempotencyKey: `prep:${tag}`,
      ...overrides,
    };
  }

  const enqueue = (message: NewOutboxMessage) =>
    db.transaction().execute((trx) => enqueueMessage(trx, message));
  const deliver = (fixture: ClinicFixture, now: Date) =>
    deliverDueMessages({ db, transport, from: FROM, now, clinicId: fixture.clinic.id });
  const row = (id: string) =>
    db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditActions = async (id: string) =>
    (
      await db
        .selectFrom('audit_event')
        .select(['action', 'summary'])
        .where('entity_id', '=', id)
        .orderBy('seq')
        .execute()
    ).map((e) => e.action);

  it('sends each due message once, to its recipient, with its subject and text', async () => {
    const fixture = await createClinic(db);
    const now = new Date();
    const english = reminder(fixture);
    const arabic = reminder(fixture, {
      patientId: fixture.patients[0]?.id ?? null,
      language: 'ar',
      subject: 'موعدك غداً في العيادة',
      bodyText: 'لا تأكل شيئاً بعد منتصف الليل.\nنراك في الساعة ٨ صباحاً.',
      kind: 'appointment',
    });
    const later = reminder(fixture, { dueAt: minutes(now, 60) });
    const ids: string[] = [];
    for (const message of [english, arabic, later]) ids.push((await enqueue(message)).id);

    expect(await deliver(fixture, now)).toEqual({ sent: 2, retried: 0, failed: 0, unknown: 0 });
    for (const [i, message] of [english, arabic].entries()) {
      const id = ids[i] ?? '';
      const received = mailbox.to(message.recipient);
      expect(received).toHaveLength(1);
      expect(received[0]?.headers.subject).toBe(message.subject);
      expect(received[0]?.body).toBe(message.bodyText);
      expect(received[0]?.headers['message-id']).toBe(`<outbox.${id}@test.clinic>`);
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      expect(await auditActions(id)).toEqual(['outbox.enqueue', 'outbox.sending', 'outbox.sent']);
    }
    expect(mailbox.to(later.recipient)).toHaveLength(0);
    expect(await row(ids[2] ?? '')).toMatchObject({ status: 'pending', attempts: 0 });

    expect(await deliver(fixture, now)).toEqual({ sent: 0, retried: 0, failed: 0, unknown: 0 });
    expect(mailbox.to(english.recipient)).toHaveLength(1);
  });

  it('keeps the message body and address out of the audit trail', async () => {
    const fixture = await createClinic(db);
    const message = reminder(fixture);
    const { id } = await enqueue(message);
    await deliver(fixture, new Date());
    const events = await db.selectFrom('audit_event').select('summary').where('entity_id', '=', id).execute();
    const trail = JSON.stringify(events);
    expect(trail).not.toContain('ibuprofen');
    expect(trail).not.toContain(message.recipient);
  });

  it('queues a reminder once however often it is planned', async () => {
    const fixture = await createClinic(db);
    const message = reminder(fixture);
    const first = await enqueue(message);
    const again = await enqueue({ ...message, subject: 'Re-planned' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const rows = await db
      .selectFrom('outbox_message')
      .select(['id', 'subject'])
      .where('clinic_id', '=', fixture.clinic.id)
      .execute();
    expect(rows).toEqual([{ id: first.id, subject: message.subject }]);
    expect(await auditActions(first.id)).toEqual(['outbox.enqueue']);
  });

  it('retries later while the mail server is down, then sends exactly once', async () => {
    const fixture = await createClinic(db);
    const message = reminder(fixture);
    const { id } = await enqueue(message);
    const now = new Date();
    const port = mailbox.port;
    await mailbox.stop();
    try {
      expect(await deliver(fixture, now)).toMatchObject({ sent: 0, retried: 1 });
    } finally {
      await mailbox.start(port);
    }
    const waiting = await row(id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.next_attempt_at?.getTime()).toBe(minutes(now, 1).getTime());
    expect(waiting.last_error).toMatch(/ECONNREFUSED/);

    expect(await deliver(fixture, now)).toMatchObject({ sent: 0, retried: 0 }); // not due again yet
    expect(await deliver(fixture, minutes(now, 2))).toMatchObject({ sent: 1 });
    expect(await deliver(fixture, minutes(now, 120))).toMatchObject({ sent: 0 });
    expect(mailbox.to(message.recipient)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, next_attempt_at: null });
    expect(await auditActions(id)).toEqual([
      'outbox.enqueue',
      'outbox.sending',
      'outbox.retry',
      'outbox.sending',
      'outbox.sent',
    ]);
  });

  it('retries a message the server refuses for now, and gives up on one it refuses for good', async () => {
    const fixture = await createClinic(db);
    const now = new Date();
    const busy = await enqueue(reminder(fixture, { recipient: 'busy@patients.test' }));
    const bounce = await enqueue(reminder(fixture, { recipient: 'bounce@patients.test' }));
    expect(await deliver(fixture, now)).toEqual({ sent: 0, retried: 1, failed: 1, unknown: 0 });
    expect(await row(busy.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await row(bounce.id)).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: null });
    expect((await row(bounce.id)).last_error).toMatch(/550/);
  });

  it('stops retrying after the last attempt', async () => {
    const fixture = await createClinic(db);
    const { id } = await enqueue(reminder(fixture, { recipient: 'busy@patients.test' }));
    let now = new Date();
    const policy = { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 3 };
    const reports = [];
    for (let pass = 0; pass < 4; pass++) {
      reports.push(
        await deliverDueMessages({ db, transport, from: FROM, now, clinicId: fixture.clinic.id, policy }),
      );
      now = minutes(now, 2);
    }
    expect(reports.map((r) => [r.retried, r.failed])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('marks a send abandoned midway as unknown and never sends it again', async () => {
    const fixture = await createClinic(db);
    const message = reminder(fixture);
    const { id } = await enqueue(message);
    const crashedAt = new Date();
    // A worker claims the message, then its process dies before the send is recorded.
    expect((await claimNextDue(db, crashedAt, { clinicId: fixture.clinic.id }))?.id).toBe(id);

    // Within the lease another worker may still be sending it: left alone.
    expect(await deliver(fixture, minutes(crashedAt, 5))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      unknown: 0,
    });
    expect(await row(id)).toMatchObject({ status: 'sending' });

    expect(await deliver(fixture, minutes(crashedAt, 20))).toMatchObject({ sent: 0, unknown: 1 });
    expect(await deliver(fixture, minutes(crashedAt, 120))).toMatchObject({ sent: 0, unknown: 0 });
    expect(mailbox.to(message.recipient)).toHaveLength(0);
    expect(await row(id)).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(await auditActions(id)).toEqual(['outbox.enqueue', 'outbox.sending', 'outbox.unknown']);
  });

  it('leaves a message for staff, never resent, when the connection drops after the message was sent', async () => {
    const fixture = await createClinic(db);
    const { id } = await enqueue(reminder(fixture));
    const dropping = await startDroppingServer();
    const flaky = nodemailer.createTransport({
      host: '127.0.0.1',
      port: dropping.port,
      secure: false,
      ignoreTLS: true,
    });
    const now = new Date();
    try {
      const pass = (at: Date) =>
        deliverDueMessages({ db, transport: flaky, from: FROM, now: at, clinicId: fixture.clinic.id });
      expect(await pass(now)).toEqual({ sent: 0, retried: 0, failed: 0, unknown: 1 });
      expect(await pass(minutes(now, 120))).toEqual({ sent: 0, retried: 0, failed: 0, unknown: 0 });
    } finally {
      flaky.close();
      await new Promise((resolve) => dropping.server.close(resolve));
    }
    expect(dropping.received()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'unknown', attempts: 1, next_attempt_at: null });
    expect(await auditActions(id)).toEqual(['outbox.enqueue', 'outbox.sending', 'outbox.unknown']);
  });

  it('cancels pending reminders by key prefix, and only the clinic’s own', async () => {
    const fixture = await createClinic(db);
    const other = await createClinic(db);
    const prep = await enqueue(reminder(fixture, { idempotencyKey: 'plan-7:prep:1' }));
    const appointment = await enqueue(
      reminder(fixture, { idempotencyKey: 'plan-7:appt', kind: 'appointment' }),
    );
    const elsewhere = await enqueue(reminder(other, { idempotencyKey: 'plan-7:prep:1' }));
    const cancelled = await db
      .transaction()
      .execute((trx) => cancelMessages(trx, fixture.clinic.id, 'plan-7:prep:'));
    expect(cancelled).toBe(1);
    expect(await deliver(fixture, new Date())).toMatchObject({ sent: 1 });
    expect(await row(prep.id)).toMatchObject({ status: 'cancelled' });
    expect(await row(appointment.id)).toMatchObject({ status: 'sent' });
    expect(await row(elsewhere.id)).toMatchObject({ status: 'pending' });
    expect(await auditActions(prep.id)).toEqual(['outbox.enqueue', 'outbox.cancel']);
  });

  describe('GET /api/outbox', () => {
    it("lists the clinic's messages for a nurse, never another clinic's", async () => {
      const fixture = await createClinic(db);
      const other = await createClinic(db);
      const now = new Date();
      const due = await enqueue(reminder(fixture, { dueAt: minutes(now, 10) }));
      const sent = await enqueue(reminder(fixture, { dueAt: minutes(now, -10) }));
      await enqueue(reminder(other));
      await deliver(fixture, now);

      const nurse = await signedIn(server.url, fixture.staff.nurse);
      const all = await nurse.get('/api/outbox');
      expect(all.status, all.text).toBe(200);
      expect(all.json).toMatchObject({ total: 2, page: 1, pageSize: 20 });
      expect(all.json.items.map((m: { id: string }) => m.id)).toEqual([sent.id, due.id]);
      expect(all.json.items[0]).toMatchObject({ status: 'sent', attempts: 1, kind: 'preparation_task' });

      const pending = await nurse.get('/api/outbox?status=pending&pageSize=5');
      expect(pending.json).toMatchObject({ total: 1, pageSize: 5 });
      expect(pending.json.items[0]).toMatchObject({ id: due.id, status: 'pending', sentAt: null });
    });

    it('refuses a lab technician', async () => {
      const fixture = await createClinic(db);
      const technician = await signedIn(server.url, fixture.staff.lab_technician);
      expect((await technician.get('/api/outbox')).status).toBe(403);
    });

    it('answers 400 for an unknown query field or status', async () => {
      const fixture = await createClinic(db);
      const nurse = await signedIn(server.url, fixture.staff.nurse);
      const unknownField = await nurse.get('/api/outbox?clinicId=x');
      expect(unknownField.status).toBe(400);
      expect(unknownField.json.error.code).toBe('invalid_input');
      const badStatus = await nurse.get('/api/outbox?status=lost');
      expect(badStatus.status).toBe(400);
      expect(badStatus.json.error.field).toBe('status');
    });
  });
});
