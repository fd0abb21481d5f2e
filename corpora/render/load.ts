import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The template tree: corpora/freight. Folders starting with "_" hold partials, not documents. */
export const TEMPLATE_ROOT = fileURLToPath(new URL('../freight', import.meta.url));

export interface TemplateSet {
  /** relative path ("claims/filing-a-claim-eu.md") -> template text */
  docs: Map<string, string>;
  /** partial name ("claims/filing-body", from _partials/claims/filing-body.md) -> text */
  partials: Record<string, string>;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.name.endsWith('.md')) out.push(full);
  }
  return out;
}

let cached: TemplateSet | undefined;

/** Read every template once per process; sorted so iteration order never depends on the file system. */
export function loadTemplates(root = TEMPLATE_ROOT): TemplateSet {
  if (root === TEMPLATE_ROOT && cached) return cached;
  const docs = new Map<string, string>();
  const partials: Record<string, string> = {};
  const partialRoot = join(root, '_partials');
  for (const file of walk(root).sort()) {
    const rel = relative(root, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    if (rel.startsWith('_partials/')) partials[relative(partialRoot, file).split(sep).join('/').replace(/\.md$/, '')] = text;
    else if (!rel.split('/').some((part) => part.startsWith('_')) && rel !== 'README.md') docs.set(rel, text);
  }
  const set = { docs, partials };
  if (root === TEMPLATE_ROOT) cached = set;
  return set;
}
