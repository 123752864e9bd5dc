import { loadConfig } from '../config.js';
import { verifyAuditTrail } from '../store/audit.js';
import { describeTarget, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';

export async function auditVerify(): Promise<number> {
  const config = loadConfig();
  const store = await openStore(config.database);
  try {
    await migrateToLatest(store.db);
    console.log(`Verifying the audit trail in ${describeTarget(config.database)}…`);
    const result = await verifyAuditTrail(store.db, (checked, total) => {
      process.stderr.write(`\r  ${checked} / ${total} events checked`);
    });
    process.stderr.write('\n');
    const { problem } = result;
    if (!problem) {
      console.log(`Audit trail intact: ${result.events} events in ${result.chains} chain(s).`);
      return 0;
    }
    switch (problem.kind) {
      case 'altered':
        console.error(
          `Audit trail BROKEN: event id ${problem.id} (${problem.chain}, #${problem.seq}) was altered.`,
        );
        break;
      case 'relinked':
        console.error(
          `Audit trail BROKEN: event id ${problem.id} (${problem.chain}, #${problem.seq}) does not follow the event before it.`,
        );
        break;
      case 'removed':
        console.error(
          `Audit trail BROKEN: event #${problem.seq} of ${problem.chain} was removed${problem.beforeId ? ` (before event id ${problem.beforeId})` : ' (it was the latest)'}.`,
        );
        break;
    }
    return 1;
  } finally {
    await store.close();
  }
}
