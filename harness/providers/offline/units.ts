/**
 * Splits a RAG prompt's context into answer units: sentences of prose, list
 * items, and Markdown table rows. Each unit remembers the [doc-id] marker of
 * its block (a line that starts with a marker, or a "Source: id" style
 * header) so an extracted answer can cite it, and the nearest Markdown heading
 * and table header, which help scoring but are not repeated in the answer.
 */
export interface ContextUnit {
  /** The verbatim text that an answer may quote. */
  text: string;
  /** Text used for scoring: heading and table header + the unit. */
  scoringText: string;
  /** The block's marker, e.g. "[pricing-01]", or undefined. */
  marker: string | undefined;
  /** Position in the context, so multi-unit answers keep document order. */
  position: number;
}

/** Longest unit quoted verbatim; a longer one is cut, so one blob cannot make a huge answer. */
export const MAX_UNIT_CHARS = 1000;

// [doc-id] markers: not Markdown links "[text](url)", not checkboxes "[ ]" / "[x]".
const MARKER = /\[([A-Za-z0-9][\w.:/#-]{1,80})\](?!\()/;
const MARKER_HEADER = /^\s*(?:#+\s*)?(?:source|document|doc|doc[_ -]?id|id)\s*[:=]\s*([A-Za-z0-9][\w.:/#-]{0,80})\s*$/i;
const HEADING = /^\s*#{1,6}\s+(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const CONTEXT_LABEL = /^\s*(?:context|contexts|documents|sources|retrieved (?:context|documents))\s*:\s*/i;
const BULLET = /^\s*(?:[-*+•]|\d+[.)])\s+/;
// A sentence ends at . ! ? (optionally closed by a quote or bracket) followed by space and an upper-case letter, digit, quote or bracket.
const SENTENCE_END = /(?<=[.!?]["')\]]?)\s+(?=["'([]?[\p{Lu}\p{N}])/u;

export function markerOf(text: string): string | undefined {
  const match = MARKER.exec(text);
  return match ? `[${match[1]}]` : undefined;
}

function cut(text: string): string {
  return text.length > MAX_UNIT_CHARS ? `${text.slice(0, MAX_UNIT_CHARS).trimEnd()}…` : text;
}

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function splitContext(context: string): ContextUnit[] {
  const units: ContextUnit[] = [];
  let marker: string | undefined;
  let heading = '';
  let tableHeader: string | undefined;
  let paragraph: string[] = [];
  let position = 0;

  const push = (text: string, extra: string): void => {
    const trimmed = text.trim();
    if (!/[\p{L}\p{N}]/u.test(trimmed)) return;
    const quoted = cut(trimmed);
    units.push({ text: quoted, scoringText: [heading, extra, quoted].filter(Boolean).join(' '), marker: markerOf(quoted) ?? marker, position });
    position += 1;
  };
  const flushParagraph = (): void => {
    if (paragraph.length === 0) return;
    for (const sentence of splitSentences(paragraph.join(' '))) push(sentence, '');
    paragraph = [];
  };

  for (const rawLine of context.split(/\r?\n/)) {
    const line = rawLine.replace(CONTEXT_LABEL, '');
    const trimmed = line.trim();
    if (trimmed === '') {
      flushParagraph();
      tableHeader = undefined;
      continue;
    }
    const header = MARKER_HEADER.exec(trimmed);
    if (header) {
      flushParagraph();
      marker = `[${header[1]}]`;
      heading = '';
      continue;
    }
    const leadingMarker = /^\s*(?:#+\s*)?[-*]?\s*\[/.test(trimmed) ? markerOf(trimmed) : undefined;
    if (leadingMarker && trimmed.indexOf(leadingMarker) <= 8) {
      // A new document block starts here; its text after the marker still counts.
      flushParagraph();
      marker = leadingMarker;
      heading = '';
      const title = trimmed
        .replace(MARKER, '')
        .replace(/^[\s#*:|-]+/, '')
        .trim();
      if (title.length < 100 && !/[.!?]$/.test(title)) {
        // "[doc-id] Title": a block header, used for scoring like a heading.
        heading = title;
        continue;
      }
    }
    const headingMatch = HEADING.exec(trimmed);
    if (headingMatch) {
      flushParagraph();
      heading = headingMatch[1]!.replace(MARKER, '').trim();
      continue;
    }
    if (TABLE_ROW.test(trimmed)) {
      flushParagraph();
      if (TABLE_SEPARATOR.test(trimmed)) continue;
      if (tableHeader === undefined) {
        tableHeader = trimmed;
        continue;
      }
      push(trimmed, tableHeader);
      continue;
    }
    tableHeader = undefined;
    if (BULLET.test(trimmed)) {
      flushParagraph();
      push(trimmed, '');
      continue;
    }
    paragraph.push(trimmed);
  }
  flushParagraph();
  return units;
}
