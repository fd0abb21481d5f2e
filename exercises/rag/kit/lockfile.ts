import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HARNESS_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

interface Lock {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Where node would find `name` from the package installed at `from` (walking up the nested node_modules). */
function resolveIn(packages: Lock['packages'], from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const at = base.lastIndexOf('/node_modules/');
    base = at < 0 ? '' : base.slice(0, at);
  }
}

function edges(entry: LockEntry): string[] {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
  return [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers];
}

function closure(packages: Lock['packages'], roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = roots.map((name) => resolveIn(packages, '', name)).filter((p): p is string => p !== undefined);
  while (queue.length) {
    const path = queue.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const dep of edges(packages[path] as LockEntry)) {
      const found = resolveIn(packages, path, dep);
      if (found && !seen.has(found)) queue.push(found);
    }
  }
  return seen;
}

/**
 * A package-lock.json for the starter, cut out of the harness's own lock: the
 * starter pins the same versions, so the same resolved tree (same integrity
 * hashes) serves it, and `npm ci` in the kit installs exactly what grading
 * mounts. Returns undefined when a pinned package is missing from the lock
 * (the kit then ships without a lock and the brief's `npm ci` becomes `npm install`).
 */
export async function prunedLockfile(starterPackageJson: string, lockPath = join(HARNESS_ROOT, 'package-lock.json')): Promise<string | undefined> {
  const pkg = JSON.parse(starterPackageJson) as { name?: string; version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; engines?: Record<string, string> };
  const lock = JSON.parse(await readFile(lockPath, 'utf8')) as Lock;
  const deps = pkg.dependencies ?? {};
  const devDeps = pkg.devDependencies ?? {};
  for (const [name, version] of Object.entries({ ...deps, ...devDeps })) {
    if (lock.packages[`node_modules/${name}`]?.version !== version) return undefined;
  }
  const prod = closure(lock.packages, Object.keys(deps));
  const all = new Set([...prod, ...closure(lock.packages, Object.keys(devDeps))]);
  const packages: Record<string, LockEntry> = {
    '': {
      name: pkg.name,
      ...(pkg.version ? { version: pkg.version } : {}),
      dependencies: deps,
      devDependencies: devDeps,
      ...(pkg.engines ? { engines: pkg.engines } : {}),
    },
  };
  for (const path of [...all].sort()) {
    const { dev: _dev, devOptional: _devOptional, ...entry } = lock.packages[path] as LockEntry;
    packages[path] = prod.has(path) ? entry : { ...entry, dev: true };
  }
  return `${JSON.stringify({ name: pkg.name, ...(pkg.version ? { version: pkg.version } : {}), lockfileVersion: lock.lockfileVersion, requires: true, packages }, null, 2)}\n`;
}
