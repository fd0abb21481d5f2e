import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repeatedFiles } from '../repeated-files';

/**
 * The ML submission projects are standalone (they may not import the harness or
 * each other), so they repeat the reference's files. A repeat must stay
 * byte-identical to exercises/ml/reference/<file>, except the files below, which
 * differ on purpose. Key: a path inside every project, or "<project>/<path>" for one.
 */
const DIFFER_ON_PURPOSE: Record<string, string> = {
  'package.json': "each project's own name and description",
  'tsconfig.json': 'extends the root tsconfig.json by a relative path that depends on how deep the folder is',
  'src/predict.ts': 'the entry point: what the submission does (its model, or its one defect)',
  'calibration/leaky/src/features.ts': 'leaky takes every column as-is (ids, post-outcome, noise): the defect it exists to show',
  'calibration/leaky-dishonest/src/features.ts': "leaky's own features.ts (the two share it: see the pairs below)",
  'calibration/leaky-dishonest/takehome.json': "runs leaky's code with --dishonest-report",
  'calibration/report-stuffing/takehome.json': "runs constant's code with --stuffed-report",
};

/** Ladder entries that run another submission's code with a switch (takehome.json): their code must stay that submission's. */
const SAME_CODE: [string, string][] = [
  ['calibration/leaky-dishonest/src/predict.ts', 'calibration/leaky/src/predict.ts'],
  ['calibration/leaky-dishonest/src/features.ts', 'calibration/leaky/src/features.ts'],
  ['calibration/report-stuffing/src/predict.ts', 'calibration/constant/src/predict.ts'],
];

const HERE = dirname(fileURLToPath(import.meta.url));
/** Python projects (a predict.py, no package.json) repeat reference-python/; the TypeScript ones repeat reference/. */
const isPython = (project: string) => existsSync(join(HERE, project, 'predict.py'));
const { repeats, withoutReference } = repeatedFiles(HERE, { projects: (p) => !isPython(p) });
const python = repeatedFiles(HERE, { reference: 'reference-python', projects: isPython });
/** Python files that differ from reference-python/ on purpose. */
const PYTHON_DIFFER_ON_PURPOSE: Record<string, string> = {
  'calibration/leaky-python/predict.py': 'the careless model: every column as-is, gradient boosting, random K-fold',
};
const allowed = (r: { project: string; file: string }) => `${r.project}/${r.file}` in DIFFER_ON_PURPOSE || r.file in DIFFER_ON_PURPOSE;

describe('ML submission projects: repeated files', () => {
  it('finds the copies of the reference (logistic, metrics, io, columns, cleaning, validation, manifests)', () => {
    const copies = repeats.filter((r) => !allowed(r)).map((r) => `${r.project}/${r.file}`);
    expect(copies).toEqual(
      expect.arrayContaining([
        'calibration/constant/src/io.ts',
        'calibration/leaky/src/io.ts',
        'calibration/leaky/src/logistic.ts',
        'calibration/leaky/src/metrics.ts',
        'calibration/oversampled/src/clean.ts',
        'calibration/oversampled/src/columns.ts',
        'calibration/oversampled/src/features.ts',
        'calibration/oversampled/src/io.ts',
        'calibration/oversampled/src/issues.ts',
        'calibration/oversampled/src/logistic.ts',
        'calibration/oversampled/src/metrics.ts',
        'calibration/oversampled/src/validation.ts',
        'malformed/missing-id/takehome.json',
      ]),
    );
  });

  it.each(repeats.filter((r) => !allowed(r)).map((r) => [`${r.project}/${r.file}`, r] as const))('%s is byte-identical to reference/', (_, r) => {
    expect(
      r.identical,
      `exercises/ml/${r.project}/${r.file} differs from exercises/ml/reference/${r.file}: edit the reference and copy it to every project (or add it to DIFFER_ON_PURPOSE with a reason)`,
    ).toBe(true);
  });

  it('has no file repeated across projects without a reference copy, and no stale allow-list entry', () => {
    expect(withoutReference).toEqual([]);
    for (const key of Object.keys(DIFFER_ON_PURPOSE).filter((k) => k.split('/').length > 2)) {
      const entry = repeats.find((r) => `${r.project}/${r.file}` === key);
      expect(entry?.identical, `${key} is allow-listed but ${entry ? 'identical to the reference' : 'not a repeat'}`).toBe(false);
    }
  });
});

/**
 * The Python ladder entries (calibration/duplicates, calibration/identifiers-noise) run the Python
 * reference's own predict.py with a switch in takehome.json: the code must stay the reference's.
 */
describe('ML Python submission projects: repeated files', () => {
  it('finds the copies of reference-python/predict.py', () => {
    expect(python.repeats.filter((r) => r.file === 'predict.py' && r.identical).map((r) => r.project)).toEqual(['calibration/duplicates', 'calibration/identifiers-noise']);
  });

  it.each(python.repeats.filter((r) => r.file !== 'takehome.json' && !(`${r.project}/${r.file}` in PYTHON_DIFFER_ON_PURPOSE)).map((r) => [`${r.project}/${r.file}`, r] as const))(
    '%s is byte-identical to reference-python/',
    (_, r) => {
      expect(r.identical, `exercises/ml/${r.project}/${r.file} differs from exercises/ml/reference-python/${r.file}: edit the reference and copy it over`).toBe(true);
    },
  );

  it('has no Python file repeated without a reference copy', () => {
    expect(python.withoutReference).toEqual([]);
  });
});

describe("ML ladder entries that run another entry's code with a switch", () => {
  it.each(SAME_CODE)('%s is byte-identical to %s', (copy, master) => {
    expect(readFileSync(join(HERE, copy)).equals(readFileSync(join(HERE, master))), `copy exercises/ml/${master} over exercises/ml/${copy}`).toBe(true);
  });
});
