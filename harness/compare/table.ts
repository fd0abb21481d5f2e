import Table from 'cli-table3';
import pc from 'picocolors';

type Colors = ReturnType<typeof pc.createColors>;
import type { Comparison } from './model';
import { flagsText, headlineText, levelText, num, pairText, sureness, totalText } from './format';

export const TERMINAL_WIDTH = 120;
/** Lines of pairs, similar submissions and calibration notes printed under the table (the HTML page has all). */
const LIST_LINES = 8;

const NO_BORDERS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: ' ',
};

function colourLevel(c: Colors, text: string): string {
  if (text.startsWith('4')) return c.bold(c.green(text));
  if (text.startsWith('3')) return c.green(text);
  if (text.startsWith('2')) return c.yellow(text);
  if (text.startsWith('1')) return c.red(text);
  return c.dim(text);
}

/** Printed width, colour codes left out. */
function visible(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** Wrap WORDS (already separated) into lines of at most WIDTH characters, each starting with INDENT after the first. */
function wrap(words: readonly string[], width: number, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && visible(line) + 1 + visible(w) > width) {
      lines.push(line);
      line = indent + w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The comparison for a terminal: one row per candidate (rank, name, a level
 * per rubric criterion as C1..Cn, weighted total with its interval, the
 * headline relative to the reference, flags), at most WIDTH columns, then the
 * legend, the closest calls, interviewer agreement and similar pairs. COLOUR
 * only on a terminal without NO_COLOR.
 */
export function renderComparisonTerminal(cmp: Comparison, options: { colour: boolean; width?: number }): string {
  const c = pc.createColors(options.colour);
  const width = options.width ?? TERMINAL_WIDTH;
  const codes = cmp.criteria.map((_, i) => `C${i + 1}`);
  const nameWidth = Math.min(18, Math.max(9, ...cmp.rows.map((r) => r.name.length)));
  const rankWidth = String(cmp.rows.length).length + 1;
  // Room for the widest level ("3.5?" when interviewers split) and one space.
  const levelWidth = Math.max(3, ...cmp.rows.flatMap((row) => cmp.criteria.map((cr) => levelText(row.levels[cr.id]).length + 1)));
  const hasTotals = cmp.rows.some((r) => r.total !== null);
  const totalWidth = hasTotals ? 18 : 0;
  const headline = cmp.rows.some((r) => r.headline.relative !== null) ? `${cmp.headlineMetric} vs ref` : `${cmp.headlineMetric} [95%]`;
  const headlineWidth = Math.min(26, Math.max(headline.length, ...cmp.rows.map((r) => headlineText(r).length), 8));
  const fixed = rankWidth + nameWidth + codes.length * levelWidth + totalWidth + headlineWidth + (codes.length + (hasTotals ? 4 : 3));
  const flagsWidth = Math.max(8, width - fixed - 1);
  const table = new Table({
    head: ['#', 'candidate', ...codes, ...(hasTotals ? ['total [95%]'] : []), headline, 'flags'].map((h) => c.bold(h)),
    chars: NO_BORDERS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colWidths: [rankWidth, nameWidth, ...codes.map(() => levelWidth), ...(hasTotals ? [totalWidth] : []), headlineWidth, flagsWidth],
    truncate: '…',
    wordWrap: false,
  });
  for (const row of cmp.rows) {
    const flags = flagsText(row);
    const critical = row.flags.some((f) => f.severity === 'critical') || row.status !== 'graded';
    table.push([
      String(row.rank),
      row.name,
      ...cmp.criteria.map((cr) => colourLevel(c, levelText(row.levels[cr.id]))),
      ...(hasTotals ? [row.total ? totalText(row) : c.dim('n/a')] : []),
      headlineText(row),
      flags ? (critical ? c.red(flags) : c.yellow(flags)) : c.dim('-'),
    ]);
  }
  const out: string[] = [
    c.bold(`${cmp.exercise}: ${cmp.rows.length} candidate(s)${cmp.blind ? ' (blind: pseudonyms)' : ''}`),
    ...table
      .toString()
      .split('\n')
      .map((l) => l.trimEnd()),
  ];
  if (cmp.criteria.length > 0) {
    out.push(...wrap(['criteria:', ...cmp.criteria.map((cr, i) => `${codes[i]} ${cr.id} (${Math.round(cr.weight * 100)}%)`)], width));
    out.push(
      ...wrap('levels: 1 strong no, 2 no, 3 yes, 4 strong yes; "?" = the evidence allows other levels; "-" = missing; total * = some weight still missing'.split(' '), width).map((l) => c.dim(l)),
    );
  }
  if (cmp.rows.some((r) => r.headline.relative !== null)) out.push(c.dim(`${headline}: x1.00 is as good as the reference solution on the same variant`));
  out.push(
    ...[...pairLines(cmp, c), ...agreementLines(cmp, c), ...similarityLines(cmp, c)].flatMap((l) => {
      if (visible(l) <= width) return [l];
      const lead = /^ */.exec(l)?.[0] ?? '';
      return wrap(l.trimStart().split(' '), width - lead.length, '  ').map((x) => lead + x);
    }),
  );
  for (const note of cmp.notes) out.push(...wrap([c.yellow('note:'), ...note.split(' ')], width));
  return `${out.join('\n')}\n`;
}

function pairLines(cmp: Comparison, c: Colors): string[] {
  // Neighbours in the ranking: is #k really ahead of #k+1?
  const rank = new Map(cmp.rows.map((r) => [r.name, r.rank]));
  const neighbours = cmp.pairs.filter((p) => Math.abs((rank.get(p.a) ?? 0) - (rank.get(p.b) ?? 0)) === 1).slice(0, LIST_LINES);
  if (neighbours.length === 0) return [];
  return [c.bold('how sure is each place (neighbours in the ranking):'), ...neighbours.map((p) => `  ${pairText(p)}: ${sureness(p.pBetter)}`)];
}

function agreementLines(cmp: Comparison, c: Colors): string[] {
  const a = cmp.agreement;
  if (!a) return [];
  const lines = [c.bold(`interviewer agreement (${a.interviewers.length} interviewers, Krippendorff's alpha, ordinal):`)];
  for (const cr of a.criteria.slice(0, LIST_LINES)) {
    const alpha = cr.alpha === null ? 'n/a' : num(cr.alpha);
    lines.push(`  ${cr.criterion}: alpha ${cr.calibrate ? c.red(alpha) : alpha}${cr.calibrate ? c.red(' (under 0.667: discuss and calibrate)') : ''}${cr.note ? c.dim(` (${cr.note})`) : ''}`);
  }
  return lines;
}

function similarityLines(cmp: Comparison, c: Colors): string[] {
  const s = cmp.similarity;
  if (!s) return [];
  if (s.pairs.length === 0) return [c.dim(`similar code: no pair at or above ${num(s.threshold)} among ${s.compared.length} submission(s)`)];
  return [
    c.bold(`similar code, for a person to review (not a verdict; no score changed): ${s.pairs.length} pair(s) at or above ${num(s.threshold)}`),
    ...s.pairs
      .slice(0, LIST_LINES)
      .map(
        (p) =>
          `  ${p.a} ~ ${p.b}: ${Math.round(p.similarity * 100)}% shared, longest run ${p.longest} k-grams (${p.a}: ${p.files.a.slice(0, 3).join(', ')}; ${p.b}: ${p.files.b.slice(0, 3).join(', ')})`,
      ),
  ];
}
