#!/usr/bin/env node
// Typecheck every TypeScript project under exercises/ (each folder with a tsconfig.json: the submission
// projects reference, starter, calibration/*, malformed/*) with the root's TypeScript.
// They have no node_modules of their own: their imports resolve from the root node_modules, as at grade
// time, when the sandbox mounts the harness's node_modules into the submission.
// Fails when a folder holds .ts files under exercises/<id>/<kind>/ but no tsconfig.json, so none is skipped.
//   node scripts/typecheck-exercises.mjs      (npm run typecheck:exercises)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Every folder under exercises/ that has a package.json or a tsconfig.json, never inside node_modules. */
function projects(dir) {
  const found = [];
  if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.json'))) found.push(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) found.push(...projects(join(dir, entry.name)));
  }
  return found;
}

function hasTypeScript(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).some((e) => e.isFile() && e.name.endsWith('.ts') && !join(e.parentPath ?? e.path, e.name).includes('node_modules'));
}

const dirs = projects(join(root, 'exercises')).filter((d) => d !== join(root, 'exercises'));
let failed = 0;
for (const dir of dirs) {
  const name = relative(root, dir);
  if (!existsSync(join(dir, 'tsconfig.json'))) {
    if (hasTypeScript(dir)) {
      process.stderr.write(`typecheck-exercises: ${name} has .ts files but no tsconfig.json\n`);
      failed++;
    }
    continue;
  }
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', dir], { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}\n`);
  if (!ok) failed++;
}
if (dirs.length === 0) {
  process.stderr.write('typecheck-exercises: no project found under exercises/\n');
  process.exitCode = 1;
} else {
  process.exitCode = failed === 0 ? 0 : 1;
}
