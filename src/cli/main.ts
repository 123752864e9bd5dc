import { parseArgs } from 'node:util';
import { adminCreate } from './admin.js';
import { auditVerify } from './audit.js';
import { migrate, seed, serve } from './serve.js';

const USAGE = `cellpath — stem cell therapy sessions for regenerative-medicine clinics

Usage: cellpath <command> [options]

Commands:
  serve                 Start the server (migrates the database first; demo data on an empty one)
  migrate               Apply database migrations and exit
  seed                  Create the demo clinic on an empty database
  admin create          Create a clinic's first admin (and the clinic, if new)
                          --email E --name N [--clinic NAME --time-zone TZ --language en|ar --facility-code CODE]
                          The password is read from standard input (or prompted for).
  audit verify          Recompute the audit trail's hash chains; names the first altered or removed row

Configuration is read from the environment: see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return migrate();
    case 'seed':
      return seed();
    case 'admin':
      if (sub === 'create') return adminCreate(parseAdminArgs(rest));
      break;
    case 'audit':
      if (sub === 'verify') return auditVerify();
      break;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
  }
  console.error(`cellpath: unknown command "${argv.join(' ')}"\n\n${USAGE}`);
  return 2;
}

function parseAdminArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      clinic: { type: 'string' },
      'time-zone': { type: 'string' },
      language: { type: 'string' },
      'facility-code': { type: 'string' },
    },
    strict: true,
  });
  return values;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'serve') process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`cellpath: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
