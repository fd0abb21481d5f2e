/**
 * `npm run bench [-- name...]`: runs bench/<name>/index.ts for every bench
 * folder (or the named ones), prints a table per bench and writes
 * bench/results/<name>.json. Benchmarks measure; they never fail a build.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Table from 'cli-table3';
import type { BenchModule, BenchReport } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

async function benchNames(): Promise<string[]> {
  const entries = await readdir(here, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(here, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort();
}

function machine() {
  const cpu = cpus();
  return { node: process.version, platform: process.platform, cpus: cpu.length, cpuModel: cpu[0]?.model ?? 'unknown', loadavg: loadavg().map((x) => Math.round(x * 100) / 100) };
}

function printReport(name: string, report: BenchReport): void {
  const table = new Table({ head: ['metric', 'value', 'unit', 'goal', 'met'], style: { head: [], border: [] } });
  for (const m of report.metrics) {
    const value = Number.isInteger(m.value) ? String(m.value) : m.value.toFixed(m.value < 10 ? 3 : 1);
    table.push([m.name, value, m.unit, m.goal ?? '', m.pass === undefined ? '' : m.pass ? 'yes' : 'NO']);
  }
  process.stdout.write(`\n== bench/${name}\n${table.toString()}\n`);
  for (const note of report.notes) process.stdout.write(`  note: ${note}\n`);
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const all = await benchNames();
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no bench named ${unknown.join(', ')}; available: ${all.join(', ') || '(none)'}\n`);
    return 2;
  }
  const names = wanted.length > 0 ? wanted : all;
  await mkdir(join(here, 'results'), { recursive: true });
  for (const name of names) {
    const started = new Date();
    const before = machine();
    process.stdout.write(`bench/${name}: running (machine: ${before.cpus} cores, load ${before.loadavg.join(' ')})\n`);
    const mod = (await import(pathToFileURL(join(here, name, 'index.ts')).href)) as BenchModule;
    const report = await mod.run({ root, log: (line) => process.stdout.write(`  ${line}\n`) });
    printReport(name, report);
    const result = { bench: name, startedAt: started.toISOString(), durationMs: Date.now() - started.getTime(), machine: { ...before, loadavgAfter: machine().loadavg }, ...report };
    await writeFile(join(here, 'results', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`  wrote bench/results/${name}.json\n`);
  }
  return 0;
}

process.exitCode = await main();
