import { beforeAll, describe, expect, it } from 'vitest';
import { isNullToken, normalizeCategory, parseAmount, parseBool, parseDay } from './testing/clean';
import { fixture, type Fixture } from './testing/fixture';
import { NOISE_NAMES } from './render';
import { NOISE_TWIN_FIELD, TWIN_KINDS } from './twins';

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
    expect(new Set(twins.map((t) => t.kind))).toEqual(new Set(TWIN_KINDS));
    // Every kind has enough pairs for a probe to decide (graders/ml needs 20).
    for (const kind of TWIN_KINDS) expect(twins.filter((t) => t.kind === kind).length, kind).toBeGreaterThanOrEqual(20);
  });

  it('differ from their original in exactly the recorded field (besides their own id)', () => {
    const header = f.test.header;
    for (const t of f.dataset.hidden.twins) {
      const twin = rowById.get(t.id)!;
      const original = rowById.get(t.twinOf)!;
      const changed = header.filter((_, i) => twin[i] !== original[i]);
      const expected = t.field === 'claim_id' ? ['claim_id'] : t.field === NOISE_TWIN_FIELD ? ['claim_id', ...NOISE_NAMES] : ['claim_id', t.field];
      expect(changed.sort(), `${t.id} (${t.kind})`).toEqual(expected.sort());
    }
  });

  it('nuisance twins change only the form of a value or a column that should not matter; effect twins carry the true change', () => {
    const header = f.test.header;
    const trainCustomers = new Set(f.train.values('customer_id'));
    const theft = (c: string) => normalizeCategory(c) === 'theft';
    for (const t of f.dataset.hidden.twins) {
      const col = header.indexOf(t.field);
      const a = rowById.get(t.id)![col]!;
      const b = rowById.get(t.twinOf)![col]!;
      expect(t.oracleShift === undefined, `${t.id} (${t.kind})`).toBe(t.kind !== 'duplicate-effect');
      if (t.kind === 'id') {
        // One of the two ids comes from the migration range and the other does not.
        expect(Number(a.slice(3)) >= 4_000_000).not.toBe(Number(b.slice(3)) >= 4_000_000);
      } else if (t.kind === 'batch') {
        expect([a, b]).toEqual(['MIGRATION-2023', expect.stringMatching(/^2024-Q[12]$/)]);
      } else if (t.kind === 'customer') {
        expect(trainCustomers.has(a)).toBe(true);
        expect(trainCustomers.has(b)).toBe(false);
      } else if (t.kind === 'post-outcome') {
        expect(Number(a)).toBeGreaterThanOrEqual(1);
        expect(Number(a)).not.toBe(Number(b));
      } else if (t.kind === 'duplicate-effect') {
        expect(theft(a) && !theft(b) && !isNullToken(b)).toBe(true);
        expect(Number.isFinite(t.oracleShift)).toBe(true);
      } else if (t.kind === 'retired-column') {
        expect([a, b]).toEqual(['D', '']);
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
        expect(t.kind).toBe('noise');
        expect(t.field).toBe(NOISE_TWIN_FIELD);
      }
    }
  });

  it('leave the retired legacy code empty on every scored row', () => {
    const legacy = f.test.col('legacy_risk_code');
    const id = f.test.col('claim_id');
    const scored = new Set(f.dataset.hidden.scoredIds);
    expect(f.test.rows.filter((r) => scored.has(r[id]!) && r[legacy] !== '')).toEqual([]);
  });
});
