import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from './repo';

/** Something that must never stand in a kit: a hidden answer, a hidden question, a seed, a reference file. */
export interface Needle {
  label: string;
  text: string;
}

/** A check that cannot be a plain string (e.g. "does the seed appear in any encoding"). */
export interface LeakCheck {
  label: string;
  test: (text: string) => boolean;
}

export interface LeakFinding {
  file: string;
  label: string;
  excerpt: string;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Look for every needle in every file of a kit (case- and whitespace-
 * insensitive). Needles shorter than minLength are skipped: "30 days" is in
 * any freight corpus, and only distinctive text can prove a leak.
 */
export async function scanKitForLeaks(dir: string, needles: readonly Needle[], options: { minLength?: number; checks?: readonly LeakCheck[] } = {}): Promise<LeakFinding[]> {
  const minLength = options.minLength ?? 12;
  const usable = needles.map((n) => ({ ...n, norm: normalise(n.text) })).filter((n) => n.norm.trim().length >= minLength);
  const findings: LeakFinding[] = [];
  for (const file of await listFiles(dir)) {
    const raw = await readFile(join(dir, file), 'utf8');
    for (const check of options.checks ?? []) {
      if (check.test(raw)) findings.push({ file, label: check.label, excerpt: '(not shown)' });
    }
    const text = normalise(raw);
    for (const needle of usable) {
      const at = text.indexOf(needle.norm);
      if (at >= 0) findings.push({ file, label: needle.label, excerpt: text.slice(Math.max(0, at - 40), at + needle.norm.length + 40) });
    }
  }
  return findings;
}
