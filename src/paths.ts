import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from src/ (tests) or dist/server/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('CellPath: cannot find package.json above the server code');
    dir = parent;
  }
  return dir;
}

export const ROOT_DIR = findRoot();
export const WEB_DIST_DIR = join(ROOT_DIR, 'dist', 'web');
export const CONTENT_DIR = join(ROOT_DIR, 'content');
