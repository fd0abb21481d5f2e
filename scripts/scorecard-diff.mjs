#!/usr/bin/env node
// Compare the scorecards of two output trees (e.g. two `npm run demo -- --out DIR` runs, before and
// after a change), with what varies run to run set aside: the timing fields, the provenance, the
// measured latencies, the sandbox's uid, and each run's duration and stderr tail (a submission may
// print its own timings there). Everything else must be identical.
//
//   node scripts/scorecard-diff.mjs BEFORE_DIR AFTER_DIR     exit 0 when every scorecard matches
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const [before, after] = process.argv.slice(2);
if (!before || !after) {
  process.stderr.write('usage: node scripts/scorecard-diff.mjs BEFORE_DIR AFTER_DIR\n');
  process.exit(2);
}

function scorecards(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'scorecard.json') out.push(relative(root, full));
    }
  };
  walk(root);
  return out;
}

function setAside(scorecard) {
  const copy = structuredClone(scorecard);
  delete copy.timing;
  delete copy.provenance;
  delete copy.metrics?.latencyP50;
  delete copy.metrics?.latencyP95;
  if (copy.sandbox) copy.sandbox.mechanisms = copy.sandbox.mechanisms.map((m) => (m.startsWith('uid:') ? 'uid:*' : m));
  for (const item of copy.items ?? []) {
    for (const key of ['durationMs', 'stderrTail']) {
      if (item.evidence && key in item.evidence) item.evidence[key] = '*';
      for (const value of Object.values(item.evidence ?? {})) if (value && typeof value === 'object' && key in value) value[key] = '*';
    }
  }
  return copy;
}

function firstDifference(a, b, path = '') {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
}

const names = scorecards(before);
let differing = 0;
for (const name of names) {
  let other;
  try {
    other = JSON.parse(readFileSync(join(after, name), 'utf8'));
  } catch {
    process.stdout.write(`missing in ${after}: ${name}\n`);
    differing++;
    continue;
  }
  const diff = firstDifference(setAside(JSON.parse(readFileSync(join(before, name), 'utf8'))), setAside(other));
  if (diff) differing++;
  process.stdout.write(diff ? `DIFFERS ${name}: ${diff}\n` : `same    ${name}\n`);
}
process.stdout.write(`${names.length - differing} of ${names.length} scorecards match\n`);
process.exit(differing ? 1 : 0);
