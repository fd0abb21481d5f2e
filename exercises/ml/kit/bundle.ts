import { bundleKitTool } from '../../../harness/kit';

/**
 * Bundle the ML kit's check tool (check-entry.ts, the grader's predictions
 * parser and report schema, papaparse, zod) into one ESM file that needs
 * nothing from node_modules at run time, so the kit's `npm run check` works
 * with no install. Deterministic: same sources, same bytes.
 */
export async function bundleMlCheckTool(): Promise<string> {
  const contents = ["import { main } from './exercises/ml/kit/check-entry';", 'process.exitCode = await main();', ''].join('\n');
  return bundleKitTool('ml', contents);
}
