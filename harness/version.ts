import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The harness version recorded in every scorecard. */
export const HARNESS_VERSION: string = packageJson.version;
