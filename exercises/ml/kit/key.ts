import { join } from 'node:path';
import { generateClaimsDataset, hiddenKeyFiles, loadClaimsDataset, type ClaimsDataset } from '../../../datasets/claims';
import { makePrivateDir, writeFileAtomic } from '../../../harness/fs';
import type { CandidateSeed } from '../../../harness/secrets';
import { assertEmptyOrAbsent } from '../../../harness/kit';

export interface MlKeySummary {
  exercise: 'ml';
  candidate: string;
  variant: string;
  scoredRows: number;
  twinRows: number;
  testRows: number;
  baseRates: { train: number; trainDeduplicated: number; test: number; expectedTest: number };
  traps: number;
}

function keyReadme(summary: MlKeySummary): string {
  const rate = (x: number) => `${(100 * x).toFixed(2)}%`;
  return `# Hidden key: ML exercise, candidate ${summary.candidate} (variant ${summary.variant})

**Never give this folder to the candidate.** It is derived from the secret and
the candidate id; \`takehome key ml\` writes the same files again at any time,
so there is no need to keep it after the audit.

| file | what it holds |
|---|---|
| \`test_labels.csv\` | \`claim_id,is_fraud\` for the ${summary.scoredRows} scored test claims: the labels the grader scores against |
| \`twins.csv\` | \`claim_id,twin_of,field,kind,oracle_shift\` for the ${summary.twinRows} unscored twin rows of test.csv: copies of a scored claim that differ only in \`field\` (\`aux_*\`: every noise column). Nuisance kinds (id, batch, customer, post-outcome, noise, null-token, spelling, format, retired-column): a careful model gives the twin its original's probability. Effect kind (duplicate-effect: damage_type set to the re-exported type): the model's change of log-odds should be near \`oracle_shift\`, the generating function's; far above it means the model learned from the re-exported duplicates |
| \`trap_catalog.json\` | the ${summary.traps} planted traps: what each is, its columns, how a careful candidate avoids it, how the grader probes it, the words a report that noticed it tends to use, and this variant's measurements |
| \`key.json\` | this summary |

Test base rate ${rate(summary.baseRates.test)} (stated to the candidate: ${rate(summary.baseRates.expectedTest)}; train ${rate(summary.baseRates.train)}, ${rate(summary.baseRates.trainDeduplicated)} deduplicated); ${summary.testRows} rows in test.csv.

## Using it in an audit

- Recompute a metric by hand: join the candidate's \`predictions.csv\` to
  \`test_labels.csv\` on \`claim_id\` (twins are not in the labels, so an inner
  join drops them), e.g. \`sklearn.metrics.roc_auc_score(y, p)\`. The figures
  should match the scorecard's, which were computed on the same rows.
- Check a twin flag: join \`twins.csv\` to the predictions twice (on
  \`claim_id\` and on \`twin_of\`) and compare the two probabilities.
- Check a leakage flag: the catalog's \`columns\` and \`probe\` say which test
  column the grader correlates the predictions with; \`measured\` shows how
  strongly that column tracks the label in training on this variant.
- Read the report against the catalog: \`reportKeywords\` are hints for a
  human reader, not a checklist.
`;
}

/** The hidden key of one candidate, as files (no I/O): never the seed, only its fingerprint. */
export function buildMlKey(seed: CandidateSeed, dataset: ClaimsDataset = generateClaimsDataset(seed)): { files: Map<string, string>; summary: MlKeySummary } {
  const { hidden } = dataset;
  const summary: MlKeySummary = {
    exercise: 'ml',
    candidate: seed.candidate,
    variant: seed.fingerprint,
    scoredRows: hidden.scoredIds.length,
    twinRows: hidden.twins.length,
    testRows: hidden.testIds.length,
    baseRates: hidden.baseRates,
    traps: hidden.catalog.length,
  };
  const files = new Map<string, string>(Object.entries(hiddenKeyFiles(dataset)));
  files.set('key.json', `${JSON.stringify(summary, null, 2)}\n`);
  files.set('README.md', keyReadme(summary));
  return { files, summary };
}

/** Write the key into a new or empty folder (never over a previous key). */
export async function writeMlKey(out: string, seed: CandidateSeed): Promise<{ files: string[]; summary: MlKeySummary }> {
  await assertEmptyOrAbsent(out);
  // The key is the answer sheet: 0600 files in a 0700 folder.
  await makePrivateDir(out);
  const { files, summary } = buildMlKey(seed, (await loadClaimsDataset(seed)).dataset);
  for (const [name, text] of files) await writeFileAtomic(join(out, name), text);
  return { files: [...files.keys()], summary };
}
