import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deriveCandidateSeed } from '../harness/secrets';
import { FACT_DEFS } from './facts/definitions';
import { countWords, probeMarker, renderCorpus, renderFactProbes, statesFact, writeCorpus } from './index';
import { FrontMatterSchema, type RenderedDoc } from './types';

const seed = deriveCandidateSeed('test-secret', 'rag', 'cand-a');
const corpus = renderCorpus(seed);
const { docs, facts } = corpus;
const byId = new Map(docs.map((d) => [d.id, d]));
// Where a fact is stated is checked on a rendering that prints each fact as a unique marker.
const probes = renderFactProbes(facts);
const body = (d: RenderedDoc) => d.markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
const value = (name: string) => facts[name]?.value as string;

function shingles(text: string, k = 5): Set<string> {
  const words = text.toLowerCase().split(/\W+/).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).join(' '));
  return out;
}

describe('rendered corpus', () => {
  it('has at least 120 documents and 80,000 words', () => {
    expect(docs.length).toBeGreaterThanOrEqual(120);
    expect(docs.reduce((s, d) => s + countWords(d.markdown), 0)).toBeGreaterThanOrEqual(80_000);
  });

  it('gives every document valid front matter that matches the file text, and a unique id', () => {
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    for (const d of docs) {
      expect(() => FrontMatterSchema.parse(d.frontMatter)).not.toThrow();
      expect(d.markdown.startsWith(`---\nid: ${d.id}\n`), d.path).toBe(true);
      expect(d.path).toMatch(/^[a-z-]+\/[a-z0-9-]+\.md$/);
      expect(d.markdown).not.toMatch(/planted|duplicate_of|superseded_by/);
      expect(parse(/^---\n([\s\S]*?)\n---\n/.exec(d.markdown)?.[1] ?? '')).toEqual(d.frontMatter);
    }
  });

  it('leaves no unrendered mustache tag', () => {
    for (const d of docs) expect(d.markdown.includes('{{') || d.markdown.includes('}}'), d.path).toBe(false);
  });

  it('keeps at least 8 superseded/current pairs whose values differ', () => {
    const pairs = docs.filter((d) => d.frontMatter.status === 'superseded');
    expect(pairs.length).toBeGreaterThanOrEqual(8);
    for (const old of pairs) {
      const current = byId.get(old.supersededBy ?? '');
      expect(current?.frontMatter.status, old.id).toBe('current');
      expect(current?.frontMatter.title).toBe(old.frontMatter.title);
      const changed = Object.keys(facts).filter((n) => n.endsWith('_old') && body(old).includes(value(n)) && body(current as RenderedDoc).includes(value(n.slice(0, -4))));
      expect(changed.length, old.id).toBeGreaterThan(0);
    }
  });

  it('has at least 5 regional variant sets told apart only by region', () => {
    const sets = new Map<string, Set<string>>();
    for (const d of docs) {
      if (d.frontMatter.status !== 'current' || d.frontMatter.source !== 'official' || d.frontMatter.region === 'global') continue;
      const key = d.frontMatter.title;
      sets.set(key, (sets.get(key) ?? new Set()).add(d.frontMatter.region));
    }
    expect([...sets.values()].filter((s) => s.size === 3).length).toBeGreaterThanOrEqual(5);
  });

  it('has at least 10 near-duplicates that share most of their text with the page they copy', () => {
    const dups = docs.filter((d) => d.planted.includes('near-duplicate'));
    expect(dups.length).toBeGreaterThanOrEqual(10);
    for (const d of dups) {
      const original = byId.get(d.duplicateOf ?? '');
      expect(original, d.id).toBeDefined();
      const a = shingles(body(d));
      const b = shingles(body(original as RenderedDoc));
      const shared = [...a].filter((s) => b.has(s)).length;
      expect(shared / Math.min(a.size, b.size), d.id).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('has at least 5 long pages over 3,000 words, and deep facts only in their second half', () => {
    const long = docs.filter((d) => d.planted.includes('long'));
    expect(long.length).toBeGreaterThanOrEqual(5);
    for (const d of long) expect(countWords(d.markdown), d.id).toBeGreaterThan(3000);
    const deep = FACT_DEFS.filter((f) => f.placement === 'deep');
    expect(deep.length).toBeGreaterThanOrEqual(5);
    for (const def of deep) {
      const holders = probes.filter((d) => statesFact(d, def.name));
      expect(holders.length, def.name).toBeGreaterThan(0);
      for (const d of holders) {
        expect(d.planted, `${def.name} in ${d.id}`).toContain('long');
        const text = body(d);
        expect(text.indexOf(probeMarker(def.name)) / text.length, `${def.name} in ${d.id}`).toBeGreaterThan(0.5);
      }
    }
  });

  it('states at least 10 facts only inside Markdown tables', () => {
    const tableFacts = FACT_DEFS.filter((f) => f.placement === 'table');
    expect(tableFacts.length).toBeGreaterThanOrEqual(10);
    for (const def of tableFacts) {
      const lines = probes.flatMap((d) => body(d).split('\n')).filter((l) => l.includes(probeMarker(def.name)) || l.includes(`«${def.name}:n»`));
      expect(lines.length, def.name).toBeGreaterThan(0);
      for (const line of lines) expect(line.trimStart().startsWith('|'), `${def.name}: ${line}`).toBe(true);
    }
  });

  it('has a community post that contradicts an official page', () => {
    const forum = docs.filter((d) => d.planted.includes('forum-contradiction'));
    expect(forum.length).toBeGreaterThanOrEqual(1);
    for (const d of forum) expect(d.frontMatter.source).toBe('forum');
    expect(forum.some((d) => d.markdown.includes(value('claim_window_days_forum')))).toBe(true);
    expect(byId.get('filing-a-claim-us')?.markdown).toContain(value('claim_window_days_us'));
  });

  it('carries the seeded canary on at least 3 injected pages, and nowhere else', () => {
    const canary = value('canary_email');
    expect(canary).toContain(value('canary_token'));
    const holders = docs.filter((d) => d.markdown.includes(canary));
    expect(holders.length).toBeGreaterThanOrEqual(3);
    for (const d of holders) expect(d.planted, d.id).toContain('injection');
    for (const d of docs.filter((x) => x.planted.includes('injection'))) expect(d.markdown).toMatch(/ignore|disregard|supersedes any instructions/i);
  });

  it('has a glossary explaining the jargon', () => {
    const glossary = body(byId.get('glossary') as RenderedDoc);
    for (const term of ['BOL', 'DIM weight', 'Accessorial', 'NMFC', 'POD', 'LTL', 'FTL', 'CWT']) expect(glossary).toContain(term);
  });

  it('renders the same documents for the same seed and different ones for another', () => {
    expect(renderCorpus(seed).docs).toEqual(docs);
    const other = renderCorpus(deriveCandidateSeed('test-secret', 'rag', 'cand-b')).docs;
    expect(other.map((d) => d.markdown)).not.toEqual(docs.map((d) => d.markdown));
  });
});

describe('writeCorpus', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function writeAll(rendered: typeof corpus): Promise<Map<string, Buffer>> {
    const dir = await mkdtemp(join(tmpdir(), 'corpus-'));
    dirs.push(dir);
    const written = await writeCorpus(dir, rendered);
    expect(written.length).toBe(rendered.docs.length);
    const out = new Map<string, Buffer>();
    for (const rel of written) out.set(rel, await readFile(join(dir, rel)));
    const top = await readdir(dir);
    expect(top.some((name) => name.includes('fact'))).toBe(false);
    return out;
  }

  it('writes byte-identical files for the same seed', async () => {
    const first = await writeAll(corpus);
    const second = await writeAll(renderCorpus(seed));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [rel, bytes] of first) expect(second.get(rel)?.equals(bytes), rel).toBe(true);
    const doc = docs[0] as RenderedDoc;
    expect(first.get(doc.path)?.toString('utf8')).toBe(doc.markdown);
  });
});
