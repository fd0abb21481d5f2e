import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The loop's config file, at the loop folder's root. */
export const LOOP_FILE = 'takehome.loop.yaml';

/**
 * The loop folder that holds FROM, or one of its parents; undefined outside
 * any loop. Apart from loop.ts so that a command run outside a loop does not
 * load the config's parser (yaml, zod) before its first line.
 */
export function findLoopDir(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, LOOP_FILE))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
