import { beforeAll, describe, expect, it } from 'vitest';
import { isNullToken, normalizeCategory, parseAmount, parseBool, parseDay } from './testing/clean';
import { fixture, type Fixture } from './testing/fixture';

/** Twin probes: few, unscored, and each differs from its original in the one recorded field. */

let f: Fixture;
let rowById: Map<string, string[]>;

beforeAll(() => {
  f = fixture();
  const id = f.test.col('claim_id');
  rowById = new Map(f.test.rows.map((r) => [r[id] as string, r]));
});

const DATE_FIELDS = new Set(['claim_date', 'ship_date', 'delivery_date', 'customer_since']);
const AMOUNT_FIELDS = new Set(['claim_amount', 'declared_value']);
const BOOL_FIELDS = new Set(['photo_evidence', 'signed_on_delivery', 'insured']);

describe('twin probes', () => {
  it('are at most 5% of test, unscored, and use ids like any other row', () => {
    const { twins, labels, scoredIds, testIds } = f.dataset.hidden;
    expect(twins.length).toBeGreaterThan(0);
    expect(twins.length / testIds.length).toBeLessThanOrEqual(0.05);
    expect(scoredIds.length + twins.length).toBe(testIds.length);
    expect(new Set(testIds).size).toBe(testIds.length);
    const scored = new Set(scoredIds);
    for (const t of twins) {
      expect(rowById.has(t.id)).toBe(true);
      expect(labels.has(t.id)).toBe(false);
      expect(scored.has(t.twinOf)).toBe(true);
      expect(t.id).toMatch(/^QF-\d{7}$/);
    }
    expect(new Set(twins.map((t) => t.kind))).toEqual(new Set(['id', 'null-token', 'spelling', 'format', 'irrelevant-column']));
  });

  it('differ from their original in exactly the recorded field (besides their own id)', () => {
    const header = f.test.header;
    for (const t of f.dataset.hidden.twins) {
      const twin = rowById.get(t.id)!;
      const original = rowById.get(t.twinOf)!;
      const changed = header.filter((_, i) => twin[i] !== original[i]);
      const expected = t.field === 'claim_id' ? ['claim_id'] : ['claim_id', t.field];
      expect(changed.sort(), `${t.id} (${t.kind})`).toEqual(expected.sort());
    }
  });

  it('change only the form of a value, never the value itself', () => {
    const header = f.test.header;
    for (const t of f.dataset.hidden.twins) {
      const col = header.indexOf(t.field);
      const a = rowById.get(t.id)![col]!;
      const b = rowById.get(t.twinOf)![col]!;
      if (t.kind === 'id') {
        // One of the two ids comes from the migration range and the other does not.
        expect(Number(a.slice(3)) >= 4_000_000).not.toBe(Number(b.slice(3)) >= 4_000_000);
      } else if (t.kind === 'null-token') {
        expect(isNullToken(a) && isNullToken(b)).toBe(true);
      } else if (t.kind === 'spelling') {
        expect(normalizeCategory(a)).toBe(normalizeCategory(b));
      } else if (t.kind === 'format') {
        if (DATE_FIELDS.has(t.field)) expect(parseDay(a)).toBe(parseDay(b));
        else if (AMOUNT_FIELDS.has(t.field)) expect(parseAmount(a)).toBeCloseTo(parseAmount(b)!, 6);
        else if (BOOL_FIELDS.has(t.field)) expect(parseBool(a)).toBe(parseBool(b));
        else throw new Error(`unexpected format field ${t.field}`);
      } else {
        expect(t.field).toMatch(/^aux_\d\d$/);
        expect(t.field).toBe(f.dataset.hidden.catalog.find((c) => c.id === 8)!.measured.strongestColumn);
      }
    }
  });
});
