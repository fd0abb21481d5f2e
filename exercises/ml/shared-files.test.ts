import { dirname } from 'node:path';
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
};

const { repeats, withoutReference } = repeatedFiles(dirname(fileURLToPath(import.meta.url)));
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
