import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { checkPricesCoverModels, costUsd, loadModelMap, loadPriceTable, offlineEmbeddingDimension, parseModelMap, parsePriceTable } from './config';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'takehome-gwcfg-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('default model map and price table', () => {
  it('load, validate, and price every model', async () => {
    const models = await loadModelMap();
    const prices = await loadPriceTable();
    expect(models.models['gpt-4o-mini']).toEqual({ kind: 'chat', offline: 'offline-extractive', upstream: 'gpt-4o-mini' });
    expect(models.models['text-embedding-3-small']?.offline).toBe('offline-hashed-tfidf-512');
    expect(() => checkPricesCoverModels(models, prices)).not.toThrow();
    // Offline models are priced as the models they stand in for.
    expect(prices.models['offline-extractive']).toEqual(prices.models['gpt-4o-mini']);
  });
});

describe('parseModelMap', () => {
  it.each([
    [{ models: { x: { kind: 'chat', offline: 'offline-hashed-tfidf-512' } } }, /not an offline chat model/],
    [{ models: { x: { kind: 'embedding', offline: 'offline-extractive' } } }, /offline-hashed-tfidf-<dimension>/],
    [{ models: { x: { kind: 'image', offline: 'offline-extractive' } } }, /kind/],
    [{ models: { x: { kind: 'chat', offline: 'offline-extractive', extra: 1 } } }, /extra/],
    [{ models: {} }, /empty/],
    [{}, /models/],
  ])('rejects %j', (value, message) => {
    expect(() => parseModelMap(value, 'm.yaml')).toThrow(ConfigError);
    expect(() => parseModelMap(value, 'm.yaml')).toThrow(message);
  });
});

describe('price table', () => {
  it('rejects negative prices and a model without a price', () => {
    expect(() => parsePriceTable({ models: { x: { input: -1, output: 0 } } })).toThrow(/input/);
    const models = parseModelMap({ models: { a: { kind: 'chat', offline: 'offline-extractive' }, b: { kind: 'chat', offline: 'offline-extractive' } } });
    expect(() => checkPricesCoverModels(models, parsePriceTable({ models: { a: { input: 1, output: 1 } } }))).toThrow(/no price for b/);
  });

  it('computes cost per 1M tokens', () => {
    expect(costUsd({ input: 0.15, output: 0.6 }, 1_000_000, 500_000)).toBeCloseTo(0.45, 12);
  });
});

describe('loading files', () => {
  it('reads JSON and YAML, and names the file in errors', async () => {
    const json = join(dir, 'models.json');
    await writeFile(json, JSON.stringify({ models: { m: { kind: 'chat', offline: 'offline-extractive' } } }));
    expect(Object.keys((await loadModelMap(json)).models)).toEqual(['m']);
    const broken = join(dir, 'prices.yaml');
    await writeFile(broken, 'models: [unclosed');
    await expect(loadPriceTable(broken)).rejects.toThrow(/prices\.yaml: not valid YAML/);
    await expect(loadModelMap(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read/);
  });

  it('reads an offline embedding dimension from its id', () => {
    expect(offlineEmbeddingDimension('offline-hashed-tfidf-256')).toBe(256);
    expect(offlineEmbeddingDimension('offline-extractive')).toBeUndefined();
  });
});
