import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repeatedFiles } from '../repeated-files';

/**
 * The RAG submission projects are standalone, so the ones that share code with
 * the reference repeat its files. A repeat must stay byte-identical to
 * exercises/rag/reference/<file>, except the files below, which differ on
 * purpose. Key: a path inside every project, or "<project>/<path>" for one.
 */
const DIFFER_ON_PURPOSE: Record<string, string> = {
  'package.json': "each project's own name, description and dependencies",
  'src/answer.ts': "each pipeline's own answering (the quality it stands for)",
  'src/ingest.ts': "each pipeline's own ingestion",
  'report.json': "each submission's own self-assessment (graders/rag/report.ts)",
  'starter/src/models.ts': "the candidate's v0 starter (exported in the kit): its own API and comments, written for candidates",
  'starter/src/db.ts': "the candidate's v0 starter (exported in the kit): its own API and comments, written for candidates",
  'calibration/honest2/src/models.ts': "honest2 is written from the kit, as a candidate would: it keeps the starter's models.ts",
  'calibration/honest2/src/db.ts': "honest2 is written from the kit, as a candidate would: it keeps the starter's db.ts",
};

const { repeats, withoutReference } = repeatedFiles(dirname(fileURLToPath(import.meta.url)));
const allowed = (r: { project: string; file: string }) => `${r.project}/${r.file}` in DIFFER_ON_PURPOSE || r.file in DIFFER_ON_PURPOSE;

describe('RAG submission projects: repeated files', () => {
  it("finds the copies of the reference (baseline's models and db, the manifests)", () => {
    const copies = repeats.filter((r) => !allowed(r)).map((r) => `${r.project}/${r.file}`);
    expect(copies).toEqual(expect.arrayContaining(['calibration/baseline/src/db.ts', 'calibration/baseline/src/models.ts', 'starter/takehome.json']));
  });

  it.each(repeats.filter((r) => !allowed(r)).map((r) => [`${r.project}/${r.file}`, r] as const))('%s is byte-identical to reference/', (_, r) => {
    expect(
      r.identical,
      `exercises/rag/${r.project}/${r.file} differs from exercises/rag/reference/${r.file}: edit the reference and copy it to every project (or add it to DIFFER_ON_PURPOSE with a reason)`,
    ).toBe(true);
  });

  it('has no file repeated across projects without a reference copy, and no stale allow-list entry', () => {
    expect(withoutReference).toEqual([]);
    for (const key of Object.keys(DIFFER_ON_PURPOSE).filter((k) => k.split('/').length > 2)) {
      const entry = repeats.find((r) => `${r.project}/${r.file}` === key);
      expect(entry?.identical, `${key} is allow-listed but ${entry ? 'identical to the reference' : 'not a repeat'}`).toBe(false);
    }
  });

  it.each(['src/models.ts', 'src/db.ts'])("honest2 keeps the starter's %s byte for byte", (file) => {
    const here = dirname(fileURLToPath(import.meta.url));
    expect(readFileSync(join(here, 'calibration/honest2', file), 'utf8')).toBe(readFileSync(join(here, 'starter', file), 'utf8'));
  });

  it.each(['src/answer.ts', 'src/ingest.ts'])("overclaim is the reference pipeline: its %s is byte for byte the reference's (only its report.json differs)", (file) => {
    const here = dirname(fileURLToPath(import.meta.url));
    expect(readFileSync(join(here, 'calibration/overclaim', file), 'utf8')).toBe(readFileSync(join(here, 'reference', file), 'utf8'));
  });
});
