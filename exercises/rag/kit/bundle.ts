import type { Plugin } from 'esbuild';
import { loadModelMap, loadPriceTable } from '../../../harness/gateway';
import { bundleKitTool, KIT_BUNDLE_ROOT as HARNESS_ROOT } from '../../../harness/kit';

/**
 * The offline gateway counts tokens with cl100k_base only; the full js-tiktoken
 * entry carries every encoding (about 6 MB). Resolve it to the lite build plus
 * the one rank table, so the kit's check tool stays near 1 MB.
 */
const cl100kOnly: Plugin = {
  name: 'takehome-cl100k-only',
  setup(b) {
    b.onResolve({ filter: /^js-tiktoken$/ }, () => ({ path: 'js-tiktoken-cl100k', namespace: 'takehome-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'takehome-shim' }, () => ({
      resolveDir: HARNESS_ROOT,
      loader: 'js',
      contents: [
        "import { Tiktoken } from 'js-tiktoken/lite';",
        "import cl100k from 'js-tiktoken/ranks/cl100k_base';",
        'export { Tiktoken };',
        'export function getEncoding(name) {',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the template literal is in the generated module's source, not ours
        "  if (name !== 'cl100k_base') throw new Error(`the kit check tool carries only cl100k_base, not ${name}`);",
        '  return new Tiktoken(cl100k);',
        '}',
      ].join('\n'),
    }));
  },
};

/**
 * Bundle the kit's check tool (check-entry.ts and everything it imports:
 * the offline gateway, the grader's scoring, zod, yaml, js-tiktoken) into one
 * ESM file that needs nothing from node_modules at run time.
 *
 * Deterministic: paths in the bundle are relative to the harness root, no
 * timestamps, no minifier renaming that depends on anything but the input.
 * The gateway's model map and price table are inlined as data, since the
 * bundle cannot read the harness's YAML files.
 */
export async function bundleCheckTool(): Promise<string> {
  const models = await loadModelMap();
  const prices = await loadPriceTable();
  const contents = ["import { main } from './exercises/rag/kit/check-entry';", `const config = ${JSON.stringify({ models, prices })};`, 'process.exitCode = await main(config);', ''].join('\n');
  return bundleKitTool('rag', contents, [cl100kOnly]);
}
