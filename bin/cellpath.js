#!/usr/bin/env node
// The `cellpath` command. The TypeScript sources are compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('cellpath: the server is not built yet; run `npm run build` (npm start does it for you).');
  process.exit(1);
}
await import(entry.href);
