import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Compiles src/ once per test run into dist-test/ (beside dist/, so `__dirname/../../schemas` and package
 * resolution work the same, and `npm start` rebuilding dist/ in another test cannot disturb it), for tests
 * that run the server as a separate OS process (test/fixtures/server-process.ts). Skipped when nothing in
 * src/ changed since the last compile.
 */
export const SERVER_BUILD_DIR = join(__dirname, '..', 'dist-test');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const root = join(__dirname, '..');
  const stamp = join(SERVER_BUILD_DIR, '.built');
  if (existsSync(stamp) && statSync(stamp).mtimeMs > newestMtime(join(root, 'src'))) return;
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src/tsconfig.json'), '--outDir', SERVER_BUILD_DIR], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}
