import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RAG_REPORT_SCHEMA_ID, ragReportSchema } from '../graders/rag/report';
import { buildQuestionPool, QUESTION_CATEGORIES, renderCorpus, splitQuestions } from '../corpora';
import { ragMetrics, REFUSAL_WEIGHT } from '../graders/rag/aggregate';
import { ANSWER_WEIGHTS, MAX_QUOTE_SHARE, MIN_QUOTE_WORDS } from '../graders/rag/score';
import { scanKitForLeaks, writeKitRepository, type Needle } from '../harness/kit';
import { buildRagKey, buildRagKit, writeRagKit } from '../exercises/rag/kit';
import { deriveCandidateSeed } from '../harness/secrets';
import { RandomStream } from '../harness/secrets/random';
import { useTempDirs } from './test-helpers';

const tempDir = useTempDirs();
const ROOT = new URL('..', import.meta.url).pathname;
const SECRET = 'kit-test-secret-7f3a9c21d4e8b650';
const seedOf = (candidate: string) => deriveCandidateSeed(SECRET, 'rag', candidate);
const temp = () => tempDir('takehome-rag-kit-');

describe('buildRagKit', () => {
  it('gives byte-identical files and the same commit for the same candidate and secret', async () => {
    const a = await buildRagKit(seedOf('ada'));
    const b = await buildRagKit(seedOf('ada'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, content] of a) expect(b.get(path), path).toEqual(content);
    const dir = temp();
    const one = await writeRagKit(join(dir, 'one'), seedOf('ada'));
    const two = await writeKitRepository(join(dir, 'two'), b, `RAG take-home kit for ada (variant ${seedOf('ada').fingerprint})`);
    expect(two.commit).toBe(one.commit);
  });

  it('holds the brief, the starter, the corpus, the dev questions and the check tool', async () => {
    const files = await buildRagKit(seedOf('ada'));
    for (const path of ['README.md', 'package.json', 'package-lock.json', 'tsconfig.json', 'takehome.json', 'src/ingest.ts', 'src/answer.ts', 'dev/questions.jsonl', 'tools/check.mjs']) {
      expect(files.has(path), path).toBe(true);
    }
    const seed = seedOf('ada');
    const corpus = renderCorpus(seed);
    expect([...files.keys()].filter((p) => p.startsWith('corpus/')).length).toBe(corpus.docs.length);
    const dev = String(files.get('dev/questions.jsonl'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; referenceAnswer: string; supportingDocs: string[] });
    expect(dev.map((q) => q.id)).toEqual(splitQuestions(seed, buildQuestionPool(seed)).dev.map((q) => q.id));
    expect(dev.every((q) => q.referenceAnswer.length > 0)).toBe(true);
    const brief = String(files.get('README.md'));
    for (const name of Object.keys(ragMetrics([], { k: 5, stream: new RandomStream(Buffer.from('t'), 't') }))) expect(brief).toContain(`\`${name}\``);
    expect(brief).toMatch(/OPENAI_BASE_URL/);
    expect(brief).toMatch(/not an LLM/);
    expect(brief).toContain('@electric-sql/pglite-pgvector');
    // How start-up and hangs are handled: the warm-up, the optional ready line, restarts without ingest, the cut-offs.
    expect(brief).toMatch(/takehome-warmup/);
    expect(brief).toContain('{"takehome":"ready"}');
    expect(brief).toMatch(/own limit\s+\(120 s at grading\)/);
    expect(brief).toMatch(/`ingest` is not\s+run again/);
    expect(brief).toMatch(/After 3 failures in a row/);
  });

  it("ships report.json's JSON Schema and a valid example, and the brief asks for the report and says how it is compared", async () => {
    const files = await buildRagKit(seedOf('ada'));
    const schema = JSON.parse(String(files.get('report.schema.json'))) as { $id: string };
    expect(schema.$id).toBe(RAG_REPORT_SCHEMA_ID);
    expect(ragReportSchema.safeParse(JSON.parse(String(files.get('report.example.json')))).success).toBe(true);
    const brief = String(files.get('README.md'));
    expect(brief).toContain('## Your report and your evals');
    expect(brief).toContain(`schema \`${RAG_REPORT_SCHEMA_ID}\``);
    expect(brief).toMatch(/evals\/NAME\.jsonl/);
    expect(brief).toMatch(/real but not named/);
    expect(brief).not.toMatch(/\{\{/);
  });

  it('says how it is graded: the backend and what it can do, quote matching, the overall formula, the hidden mix, and that hidden forms differ', async () => {
    const seed = seedOf('ada');
    const brief = String((await buildRagKit(seed)).get('README.md'));
    const { dev, hidden } = splitQuestions(seed, buildQuestionPool(seed));
    // The backend, what it can and cannot do, and the judge an interviewer may add.
    expect(brief).toMatch(/Grading runs on the same offline backend as the local check: a deterministic\s+extractive baseline, not an LLM/);
    expect(brief).toMatch(/your system prompt and instructions included/);
    expect(brief).toMatch(/a line break alone does not end one/);
    expect(brief).toMatch(/cannot compute/);
    expect(brief).toMatch(/takehome grade --judge upstream/);
    // Quote matching, from the grader's constants.
    expect(brief).toMatch(/verbatim passage of that document/);
    expect(brief).toMatch(new RegExp(`at least\\s+${MIN_QUOTE_WORDS} words, and less than ${Math.round(MAX_QUOTE_SHARE * 100)}% of the document`));
    expect(brief).toMatch(/ignoring case, punctuation and Markdown markup/);
    // The overall formula, with the grader's weights.
    expect(brief).toMatch(new RegExp(`\\*\\*\`overall\`\\*\\* = ${Math.round((1 - REFUSAL_WEIGHT) * 100)}% x \`answerQuality\``));
    expect(brief).toMatch(new RegExp(`\\+ ${Math.round(REFUSAL_WEIGHT * 100)}% x \`refusalDiscrimination\``));
    expect(brief).toMatch(new RegExp(`${ANSWER_WEIGHTS.facts} x fact coverage \\+ ${ANSWER_WEIGHTS.citationRecall} x\\s+citation recall \\+ ${ANSWER_WEIGHTS.citationPrecision} x citation precision`));
    expect(brief).toMatch(/left\s+out of `overall` when grading offline/);
    // The hidden mix, per category, as the candidate's split holds it.
    for (const category of QUESTION_CATEGORIES) {
      const count = (qs: { category: string }[]) => qs.filter((q) => q.category === category).length;
      expect(brief).toMatch(new RegExp(`\\| \`${category}\` \\| ${count(dev)} \\| ${count(hidden)}[ |]`));
    }
    expect(brief).toContain(`asks ${hidden.length} hidden questions`);
    // Hidden forms differ from dev.
    expect(brief).toMatch(/The hidden questions differ from the\s+dev questions in form, not only in wording/);
  });

  it('shows the public rubric in RUBRIC.md, generated from exercises/rag/rubric.yaml, and the brief points to it', async () => {
    const files = await buildRagKit(seedOf('ada'));
    const rubric = String(files.get('RUBRIC.md'));
    expect(rubric).toMatch(/\| Answer correctness \| 25% \| automatically \|/);
    expect(rubric).toMatch(/\| Write-up \(chunking choices, failure modes\) \| 10% \| automatic evidence, then an interviewer \|/);
    expect(rubric).toMatch(/- \*\*3 yes\*\*: Most answerable questions answered with the required facts\./);
    // Thresholds and the interviewer's guidance stay with the interviewer.
    expect(rubric).not.toMatch(/thresholds|Read NOTES\.md\. Are the chunking/);
    expect(String(files.get('README.md'))).toMatch(/is in `RUBRIC\.md`/);
  });

  it('pins the starter to the harness versions, and its lock to the harness lock', async () => {
    const files = await buildRagKit(seedOf('ada'));
    const harness = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const pkg = JSON.parse(String(files.get('package.json'))) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(harness.dependencies[name] ?? harness.devDependencies[name], name).toBe(version);
    }
    expect(pkg.scripts.check).toBe('node tools/check.mjs');
    const lock = JSON.parse(String(files.get('package-lock.json'))) as { packages: Record<string, { version?: string; integrity?: string; dependencies?: Record<string, string> }> };
    const harnessLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as typeof lock;
    expect(lock.packages['']?.dependencies).toEqual(pkg.dependencies);
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path) expect(entry.integrity, path).toBe(harnessLock.packages[path]?.integrity);
    }
    for (const name of Object.keys(pkg.dependencies)) expect(lock.packages[`node_modules/${name}`]?.version).toBe(pkg.dependencies[name]);
    expect(lock.packages['node_modules/vega']).toBeUndefined();
  });

  it("two candidates' kits differ in their corpus and dev answers", async () => {
    const a = await buildRagKit(seedOf('ada'));
    const b = await buildRagKit(seedOf('bob'));
    expect(b.get('dev/questions.jsonl')).not.toEqual(a.get('dev/questions.jsonl'));
    const corpus = [...a.keys()].filter((p) => p.startsWith('corpus/'));
    const differing = corpus.filter((p) => a.get(p) !== b.get(p));
    expect(differing.length).toBeGreaterThan(corpus.length / 2);
    expect(b.get('tools/check.mjs')).toEqual(a.get('tools/check.mjs'));
    // The kit carries each candidate's rendered corpus, whose seeded values differ in at least 90% of facts.
    const [ra, rb] = [renderCorpus(seedOf('ada')), renderCorpus(seedOf('bob'))];
    for (const doc of ra.docs) expect(a.get(`corpus/${doc.path}`), doc.path).toBe(doc.markdown);
    for (const doc of rb.docs) expect(b.get(`corpus/${doc.path}`), doc.path).toBe(doc.markdown);
    const names = Object.keys(ra.facts);
    const changed = names.filter((n) => ra.facts[n]?.value !== rb.facts[n]?.value);
    expect(changed.length / names.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('the kit holds nothing hidden', () => {
  it('no hidden question, no distinctive hidden answer, no seed, no secret, no reference source', async () => {
    const seed = seedOf('ada');
    const dir = join(temp(), 'kit');
    await writeRagKit(dir, seed);
    const { hidden } = splitQuestions(seed, buildQuestionPool(seed));

    // Text the public corpus itself carries cannot be a leak (a reference answer may quote a page verbatim).
    const corpusText = renderCorpus(seed)
      .docs.map((d) => d.markdown.toLowerCase().replace(/\s+/g, ' '))
      .join('\n');
    // Refusal answers are the same generic sentence for every off-topic question, dev and hidden alike.
    const devAnswers = new Set(splitQuestions(seed, buildQuestionPool(seed)).dev.map((q) => q.referenceAnswer));
    const distinctive = (text: string) => !devAnswers.has(text) && !corpusText.includes(text.toLowerCase().replace(/\s+/g, ' '));
    const referenceDir = join(ROOT, 'exercises', 'rag', 'reference', 'src');
    const needles: Needle[] = [
      ...hidden.map((q) => ({ label: `hidden question ${q.id}`, text: q.question })),
      ...hidden.filter((q) => distinctive(q.referenceAnswer)).map((q) => ({ label: `hidden answer ${q.id}`, text: q.referenceAnswer })),
      ...readdirSync(referenceDir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => ({ label: `reference ${f}`, text: readFileSync(join(referenceDir, f), 'utf8') })),
      { label: 'secret', text: SECRET },
    ];
    expect(needles.filter((n) => n.label.startsWith('hidden answer')).length).toBeGreaterThan(hidden.length / 2);
    const findings = await scanKitForLeaks(dir, needles, { checks: [{ label: 'seed', test: (t) => seed.appearsIn(t) }] });
    expect(findings).toEqual([]);
    // The scan can fail: the same scan over a planted leak finds it.
    writeFileSync(join(dir, 'planted.md'), `${hidden[0]?.question}\n${seed.derive('x').toString('hex')}\n`);
    expect((await scanKitForLeaks(dir, needles)).map((f) => f.label)).toContain(`hidden question ${hidden[0]?.id}`);
  });

  it('the key holds the hidden questions with answers and never the seed', () => {
    const seed = seedOf('ada');
    const key = buildRagKey(seed);
    const lines = key.questionsJsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; referenceAnswer: string; supportingDocs: string[] });
    expect(lines.map((q) => q.id)).toEqual(splitQuestions(seed, buildQuestionPool(seed)).hidden.map((q) => q.id));
    expect(seed.appearsIn(key.questionsJsonl + JSON.stringify(key.summary))).toBe(false);
    expect(key.summary.variant).toBe(seed.fingerprint);
  });
});
