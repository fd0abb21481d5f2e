import Mustache from 'mustache';
import { parse } from 'yaml';
import type { CandidateSeed } from '../../harness/secrets';
import { InternalError } from '../../harness/errors';
import { generateFacts } from '../facts/generate';
import { type FactValue, type FrontMatter, type RenderedCorpus, type RenderedDoc, FrontMatterSchema, TemplateFrontMatterSchema } from '../types';
import { loadTemplates, type TemplateSet } from './load';
import { findMissingNames } from './strict';
import { buildView, type TemplateView } from './view';

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n/;

/** Render a mustache template with HTML escaping off, after checking every name resolves. */
export function renderTemplate(template: string, view: object, partials: Record<string, string>, where: string): string {
  const missing = findMissingNames(template, view, partials);
  if (missing.length > 0) {
    throw new InternalError(`${where}: ${missing.length} template name(s) do not resolve: ${missing.slice(0, 5).join('; ')}`, {
      hint: 'fix the name in the template, or add the fact to corpora/facts/defs-*.ts',
    });
  }
  const out = Mustache.render(template, view, partials, { escape: (s: string) => s });
  if (out.includes('{{') || out.includes('}}')) throw new InternalError(`${where}: rendered text still holds "{{" or "}}"`, { hint: 'a fact value or partial prints mustache tags; remove them' });
  return out;
}

/**
 * Front matter in a fixed key order. Title and date are double-quoted (JSON
 * strings are valid YAML) so that no YAML reader turns the date into a Date
 * or trips over a colon in a title.
 */
function frontMatterText(fm: FrontMatter): string {
  const quoted = new Set(['title', 'effective_date']);
  return Object.entries(fm)
    .map(([k, v]) => `${k}: ${quoted.has(k) ? JSON.stringify(v) : v}\n`)
    .join('');
}

export function renderDoc(path: string, template: string, view: TemplateView, partials: Record<string, string>): RenderedDoc {
  const where = `corpora/freight/${path}`;
  const text = renderTemplate(template, view, partials, where);
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new InternalError(`${where}: no YAML front matter`, { hint: 'start the file with ---, the keys id/title/area/region/status/effective_date/source, then ---' });
  const parsed = TemplateFrontMatterSchema.safeParse(parse(match[1] as string));
  if (!parsed.success) {
    throw new InternalError(`${where}: front matter is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
      hint: 'see corpora/README.md for the front matter keys and their values',
    });
  }
  const { planted, duplicate_of, superseded_by, ...rest } = parsed.data;
  const frontMatter = FrontMatterSchema.parse(rest);
  const body = text.slice(match[0].length).replace(/^\s+/, '').replace(/\s+$/, '');
  const markdown = `---\n${frontMatterText(frontMatter)}---\n\n${body}\n`;
  const doc: RenderedDoc = { id: frontMatter.id, path, frontMatter, markdown, planted: planted ?? [] };
  if (duplicate_of) doc.duplicateOf = duplicate_of;
  if (superseded_by) doc.supersededBy = superseded_by;
  return doc;
}

export function renderWithFacts(facts: Record<string, FactValue>, templates: TemplateSet = loadTemplates()): RenderedDoc[] {
  const view = buildView(facts);
  const docs = [...templates.docs].map(([path, template]) => renderDoc(path, template, view, templates.partials));
  const seen = new Map<string, string>();
  for (const doc of docs) {
    const other = seen.get(doc.id);
    if (other) throw new InternalError(`document id ${doc.id} is used by both ${other} and ${doc.path}`, { hint: 'give each template a unique id in its front matter' });
    seen.set(doc.id, doc.path);
  }
  return docs;
}

/** One candidate's corpus: every document rendered from the seed's facts. */
export function renderCorpus(seed: CandidateSeed): RenderedCorpus {
  const facts = generateFacts(seed);
  return { docs: renderWithFacts(facts), facts };
}
