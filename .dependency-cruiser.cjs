/**
 * dependency-cruiser: the module layers, enforced (`npm run deps`).
 *
 * Lowest first; a layer may import only layers below it and itself:
 *   1. engine     harness/** except harness/cli (errors, fs, version, secrets, stats, sandbox, gateway,
 *                 providers, vectorstore, scorecard, report, submission, kit, exercise)
 *   2. content    corpora/, datasets/
 *   3. graders    graders/
 *   4. exercises  exercises/*.ts, exercises/<id>/*.ts, exercises/<id>/kit/**
 *   5. cli        harness/cli/
 * bench/ may import anything. Submission projects (exercises/<id>/{reference,starter,calibration/*,malformed/*})
 * are standalone npm projects: they import nothing outside their own folder but node: builtins and packages.
 * Production code never imports benchmarks, tests or test helpers.
 *
 * The layer rules apply to production code; a test may reach up for fixtures (tests are not shipped).
 */

/** Submission projects: standalone npm projects graded from their own folder only. Group 1 = the project folder. */
const SUBMISSION = '^(exercises/[^/]+/(?:reference|starter|calibration/[^/]+|malformed/[^/]+))/';
const ENGINE = '^harness/(?!cli/)';
const CONTENT = '^(?:corpora|datasets)/';
const GRADERS = '^graders/';
/** The exercises layer: exercise modules, not the submission projects inside exercises/. */
const EXERCISES = '^exercises/(?!(?:[^/]+/(?:reference|starter|calibration|malformed)/))';
const CLI = '^harness/cli/';
const BENCH = '^bench/';
/** Tests and test helpers (*test-helpers*, _gullible*, harness/sandbox/_testkit.ts, datasets/claims/testing/, test/). */
const TEST_CODE = ['^test/', '\\.test\\.ts$', 'test-helpers', '(^|/)_gullible[^/]*$', '^harness/sandbox/_testkit\\.ts$', '^datasets/claims/testing/'];
/** What production code is: not a test, not a test helper, not a benchmark. */
const NOT_PRODUCTION = [...TEST_CODE, BENCH];

module.exports = {
  forbidden: [
    {
      name: 'engine-imports-higher-layer',
      comment: 'The engine (harness/ but cli) imports nothing from content, graders, exercises, the CLI or bench.',
      severity: 'error',
      from: { path: ENGINE, pathNot: NOT_PRODUCTION },
      to: { path: [CONTENT, GRADERS, '^exercises/', CLI, BENCH] },
    },
    {
      name: 'content-imports-higher-layer',
      comment: 'corpora/ and datasets/ import only the engine.',
      severity: 'error',
      from: { path: CONTENT, pathNot: NOT_PRODUCTION },
      to: { path: [GRADERS, '^exercises/', CLI] },
    },
    {
      name: 'graders-import-higher-layer',
      comment: 'graders/ import only content and the engine.',
      severity: 'error',
      from: { path: GRADERS, pathNot: NOT_PRODUCTION },
      to: { path: ['^exercises/', CLI] },
    },
    {
      name: 'exercises-import-cli',
      comment: 'The exercises layer imports graders, content and the engine, never the CLI.',
      severity: 'error',
      from: { path: EXERCISES, pathNot: NOT_PRODUCTION },
      to: { path: CLI },
    },
    {
      name: 'submission-imports-outside-its-folder',
      comment: 'A submission project is graded from its own folder only (the sandbox copies that folder): it imports node: builtins, packages and its own files, nothing else.',
      severity: 'error',
      from: { path: SUBMISSION },
      to: { pathNot: ['^$1/', 'node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'production-imports-test-code',
      comment: 'Production code (not *.test.ts, not test/, not bench/) never imports bench/, test/, *.test.ts or test helpers.',
      severity: 'error',
      from: { pathNot: NOT_PRODUCTION },
      to: { path: NOT_PRODUCTION },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (to a file or an installed package).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '^out/'] },
    // type-only imports count: a layer must not even name a higher layer's types
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
