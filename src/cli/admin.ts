import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { isFacilityCode } from '../domain/custody/din.js';
import { checkPassword, MIN_PASSWORD_LENGTH } from '../domain/password.js';
import { LANGUAGES } from '../domain/roles.js';
import { emailTaken, insertUser } from '../store/accounts.js';
import { appendAudit } from '../store/audit.js';
import { insertClinic } from '../store/clinics.js';
import { openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { hashPassword } from '../store/passwords.js';

const AdminArgs = z.object({
  email: z.email({ message: '--email must be an email address' }),
  name: z.string({ message: '--name is required' }).trim().min(1, { message: '--name is required' }),
  clinic: z.string().trim().min(1).optional(),
  'time-zone': z
    .string()
    .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', {
      message: '--time-zone must be an IANA time zone such as Asia/Riyadh',
    })
    .default('UTC'),
  language: z.enum(LANGUAGES, { message: '--language must be en or ar' }).default('en'),
  'facility-code': z
    .string()
    .refine(isFacilityCode, {
      message: '--facility-code must be 5 characters like W1234 (an ISBT 128 facility identification number)',
    })
    .optional(),
});

/** Creates an admin; with --clinic it creates that clinic too (the first start of a real deployment). */
export async function adminCreate(args: Record<string, string | boolean | undefined>): Promise<number> {
  const parsed = AdminArgs.safeParse(args);
  if (!parsed.success) {
    console.error(`cellpath admin create: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return 2;
  }
  const a = parsed.data;
  const password = await readPassword();
  const problem = checkPassword(password);
  if (problem) {
    console.error(
      problem === 'too_short'
        ? `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`
        : 'The password is too long.',
    );
    return 2;
  }
  const store = await openStore(loadConfig().database);
  try {
    await migrateToLatest(store.db);
    if (await emailTaken(store.db, a.email)) {
      console.error(`An account with the email ${a.email} exists already.`);
      return 1;
    }
    const passwordHash = await hashPassword(password);
    const clinics = await store.db.selectFrom('clinic').select(['id', 'name', 'facility_code']).execute();
    const result = await store.db.transaction().execute(async (trx) => {
      let clinic = clinics.find((c) => c.facility_code === a['facility-code']) ?? null;
      if (!clinic && !a.clinic && clinics.length === 1) clinic = clinics[0] ?? null;
      if (!clinic) {
        if (!a.clinic || !a['facility-code']) {
          throw new Error(
            clinics.length === 0
              ? 'No clinic exists yet: give --clinic "Name" and --facility-code CODE to create it.'
              : 'Several clinics exist: name one with --facility-code, or create one with --clinic and --facility-code.',
          );
        }
        const created = await insertClinic(trx, {
          name: a.clinic,
          timeZone: a['time-zone'],
          defaultLanguage: a.language,
          facilityCode: a['facility-code'],
        });
        await appendAudit(
          trx,
          { clinicId: created.id, userId: null, role: 'system', requestId: null },
          {
            action: 'clinic.create',
            entity: 'clinic',
            entityId: created.id,
            summary: { name: created.name, via: 'cli' },
          },
        );
        clinic = { id: created.id, name: created.name, facility_code: created.facilityCode };
      }
      const user = await insertUser(trx, {
        clinicId: clinic.id,
        email: a.email,
        displayName: a.name,
        role: 'admin',
        patientId: null,
        passwordHash,
      });
      await appendAudit(
        trx,
        { clinicId: clinic.id, userId: null, role: 'system', requestId: null },
        { action: 'user.create', entity: 'user', entityId: user.id, summary: { role: 'admin', via: 'cli' } },
      );
      return { clinicName: clinic.name };
    });
    console.log(`Admin ${a.email} created for ${result.clinicName}.`);
    return 0;
  } finally {
    await store.close();
  }
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return await rl.question(`Password for the new admin (at least ${MIN_PASSWORD_LENGTH} characters): `);
  } finally {
    rl.close();
  }
}
