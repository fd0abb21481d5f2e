import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';
import { PYTHON_ENVIRONMENT, supportedPythonPackages } from '../../../graders/ml/environment';
import { candidateFiles, generateClaimsDataset, loadClaimsDataset, type ClaimsDataset } from '../../../datasets/claims';
import { DEFAULT_PARAMS, METRICS } from '../../../graders/ml/metrics';
import { IMBALANCE_METHODS, ML_REPORT_SCHEMA_ID, mlReportJsonSchema, VALIDATION_STRATEGIES } from '../../../graders/ml/report';
import type { CandidateSeed } from '../../../harness/secrets';
import { prunedLockfile } from '../../rag/kit/lockfile';
import { assertEmptyOrAbsent, withKitIdentity, writeKitRepository, type KitFiles } from '../../../harness/kit';
import { publicRubricFile } from '../../../harness/rubric';
import { ML_METRICS } from '../../../graders/ml/metric-names';
import { bundleMlCheckTool } from './bundle';
import { KIT_EXAMPLE_REPORT } from './example';

const HARNESS_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ML_BRIEF_TEMPLATE = join(HARNESS_ROOT, 'exercises', 'ml', 'brief', 'README.md.mustache');

/** The kit's package.json: only the check script; the check tool is a self-contained bundle. */
export const ML_KIT_PACKAGE_JSON = `${JSON.stringify(
  {
    name: 'takehome-ml',
    private: true,
    type: 'module',
    description: 'Your take-home: fraud probabilities for Quillfeather Freight Lines damage claims. `npm run check` validates predictions.csv and report.json.',
    engines: { node: '>=20' },
    scripts: { check: 'node tools/check.mjs' },
  },
  null,
  2,
)}\n`;

function countRows(csv: string): number {
  return csv.split('\n').filter((line) => line.length > 0).length - 1;
}

async function renderBrief(seed: CandidateSeed, dataset: ClaimsDataset): Promise<string> {
  const template = await readFile(ML_BRIEF_TEMPLATE, 'utf8');
  const dict = dataset.dictionary.json;
  const header = dataset.trainCsv.slice(0, dataset.trainCsv.indexOf('\n')).split(',');
  return Mustache.render(
    template,
    {
      candidate: seed.candidate,
      fingerprint: seed.fingerprint,
      trainRows: countRows(dataset.trainCsv),
      testRows: countRows(dataset.testCsv),
      trainFrom: dict.trainPeriod.from,
      trainTo: dict.trainPeriod.to,
      testFrom: dict.testPeriod.from,
      testTo: dict.testPeriod.to,
      idColumn: dict.idColumn,
      labelColumn: dict.labelColumn,
      columnCount: header.length,
      reportSchemaId: ML_REPORT_SCHEMA_ID,
      strategies: VALIDATION_STRATEGIES.join(', '),
      imbalanceMethods: IMBALANCE_METHODS.join(', '),
      metrics: Object.entries(METRICS).map(([name, m]) => ({ name, direction: m.direction === 'none' ? 'closer to 0' : m.direction, description: m.description })),
      topPercent: DEFAULT_PARAMS.topPercent,
      expectedFraudRate: `${(100 * dict.testPeriod.expectedFraudRate).toFixed(1)}%`,
      pythonInterpreter: PYTHON_ENVIRONMENT.interpreter,
      pythonDistribution: PYTHON_ENVIRONMENT.distribution,
      pythonPackages: supportedPythonPackages(),
    },
    {},
    { escape: (text: unknown) => String(text) },
  );
}

/**
 * Every file of one candidate's ML kit: the brief, the candidate's train.csv
 * and test.csv (no label) with the data dictionary, the report's JSON Schema
 * and an example, the bundled check tool, and takehome.kit.json (whose kit
 * it is: exercise, candidate, variant fingerprint). Nothing hidden: no test label,
 * no twin list, no trap catalog, no seed. Same seed, same bytes.
 */
export async function buildMlKit(seed: CandidateSeed, dataset: ClaimsDataset = generateClaimsDataset(seed)): Promise<KitFiles> {
  const files = new Map<string, string>();
  files.set('README.md', await renderBrief(seed, dataset));
  files.set('RUBRIC.md', await publicRubricFile(join(HARNESS_ROOT, 'exercises', 'ml', 'rubric.yaml'), { exercise: 'ml', metrics: ML_METRICS }, 'ML take-home'));
  files.set('.gitignore', 'node_modules/\nout/\n');
  for (const [name, text] of Object.entries(candidateFiles(dataset))) files.set(`data/${name}`, text);
  files.set('report.schema.json', `${JSON.stringify(mlReportJsonSchema(), null, 2)}\n`);
  files.set('report.example.json', `${JSON.stringify(KIT_EXAMPLE_REPORT, null, 2)}\n`);
  files.set('package.json', ML_KIT_PACKAGE_JSON);
  const lock = await prunedLockfile(ML_KIT_PACKAGE_JSON);
  if (lock) files.set('package-lock.json', lock);
  files.set('tools/check.mjs', await bundleMlCheckTool());
  return withKitIdentity(files, seed);
}

/** Write the kit as a new git repository (refuses a non-empty folder). */
export async function writeMlKit(out: string, seed: CandidateSeed): Promise<{ commit: string; files: number }> {
  await assertEmptyOrAbsent(out);
  const files = await buildMlKit(seed, (await loadClaimsDataset(seed)).dataset);
  const { commit } = await writeKitRepository(out, files, `ML take-home kit for ${seed.candidate} (variant ${seed.fingerprint})`);
  return { commit, files: files.size };
}
