import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';

/**
 * A malformed submission with exactly one defect, "missing-id" (see
 * exercises/ml/README.md). It copies the test ids from $DATA_DIR/test.csv so that
 * everything else is valid for any candidate's dataset; all the other malformed
 * submissions share this file except for DEFECT.
 */

type Defect = 'missing-id' | 'probability-out-of-range' | 'nan-probability' | 'duplicate-id' | 'report-missing-estimates';
const DEFECT = 'missing-id' as Defect;

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR is not set');
const outDir = resolve(process.env.OUT_DIR ?? 'out');
const parsed = Papa.parse<Record<string, string>>(readFileSync(join(dataDir, 'test.csv'), 'utf8'), { header: true, skipEmptyLines: true });
const ids = parsed.data.map((row) => (row.claim_id ?? '').trim());

const rows = ids.map((id) => [id, '0.05']);
if (DEFECT === 'missing-id') rows.pop();
if (DEFECT === 'probability-out-of-range') rows[0]![1] = '1.7';
if (DEFECT === 'nan-probability') rows[1]![1] = 'NaN';
if (DEFECT === 'duplicate-id') rows.push([ids[0]!, '0.05']);

const validation: Record<string, unknown> = {
  strategy: 'time-split',
  time_aware: true,
  group_aware: false,
  description: 'A constant 0.05 for every claim.',
  estimates: { roc_auc: 0.5, average_precision: 0.05 },
};
if (DEFECT === 'report-missing-estimates') delete validation.estimates;
const report = {
  schema: 'takehome.ml-report/v1',
  validation,
  excluded_features: [],
  data_issues: [],
  imbalance: { method: 'none', recalibrated: false, description: 'none' },
  threshold: { value: 0.05, reason: 'the constant' },
};

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'predictions.csv'), `claim_id,probability\n${rows.map((r) => r.join(',')).join('\n')}\n`);
writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
