import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, sep } from 'node:path';

/**
 * The isolated sandbox's filesystem is a fresh root (a tmpfs) holding only
 * what is listed here, read-only, plus the private /tmp (working copy, the
 * read-only mounts the caller passed), a minimal /dev and a fresh /proc.
 * Nothing else of the host exists in it: no list of secrets to hide can be
 * incomplete. init.mjs builds it and pivots into it.
 */

/** The OS's runtime folders: programs, libraries, the Node and Python installs under /usr (Debian's python3, dist-packages). */
export const RUNTIME_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'] as const;

/**
 * Entries of the host's /etc a program may need to run (the dynamic loader's
 * cache, alternatives symlinks, time zones, MIME and protocol tables, Python's
 * and OpenSSL's config, public CA certificates). Never passwd/shadow,
 * hostname, machine-id, environment, npmrc, pip.conf or anything else: a
 * token there stays on the host.
 */
export const ETC_ALLOWED = [
  'alternatives',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'os-release',
  'debian_version',
  'localtime',
  'timezone',
  'mime.types',
  'magic',
  'magic.mime',
  'protocols',
  'services',
  'host.conf',
  'gai.conf',
  'inputrc',
  'terminfo',
  'matplotlibrc',
  'ssl/certs',
  'ssl/openssl.cnf',
  'ca-certificates',
  'ca-certificates.conf',
] as const;
/** Python's own config folders (/etc/python3, /etc/python3.11, ...). */
const ETC_PATTERNS = [/^python3(\.\d+)?$/];

export type RootEntry = { kind: 'bind'; path: string } | { kind: 'symlink'; path: string; target: string };

export interface RootSpec {
  /** Host paths bound read-only at the same path, or symlinks recreated as they are. */
  entries: RootEntry[];
  /** Files written into the new /etc. */
  etcFiles: Record<string, string>;
}

function under(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function entryFor(path: string): RootEntry | undefined {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) return { kind: 'symlink', path, target: readlinkSync(path) };
  if (st.isDirectory() || st.isFile()) return { kind: 'bind', path };
  return undefined;
}

/**
 * What the sandbox's root holds on this host: the runtime folders, the Node
 * install when it is not under them (nvm, a tarball in /opt), the allowed
 * /etc entries, and the generated /etc files naming the sandbox's uid.
 */
export function allowListRoot(input: { uid: number; gid: number; home: string; nodeBinary?: string; extraPaths?: readonly string[] }): RootSpec {
  const entries: RootEntry[] = [];
  for (const dir of RUNTIME_DIRS) {
    const entry = entryFor(dir);
    if (entry) entries.push(entry);
  }
  const covered = (path: string) => entries.some((e) => e.kind === 'bind' && under(path, e.path));
  let nodePrefix: string;
  try {
    nodePrefix = dirname(dirname(realpathSync(input.nodeBinary ?? process.execPath)));
  } catch {
    nodePrefix = dirname(dirname(input.nodeBinary ?? process.execPath));
  }
  for (const path of [nodePrefix, ...(input.extraPaths ?? [])]) {
    if (!covered(path) && existsSync(path)) entries.push({ kind: 'bind', path });
  }
  let etcNames: string[] = [];
  try {
    etcNames = readdirSync('/etc');
  } catch {
    // no /etc to take from
  }
  const etc = [...ETC_ALLOWED, ...etcNames.filter((name) => ETC_PATTERNS.some((p) => p.test(name)))];
  for (const name of etc) {
    const entry = entryFor(`/etc/${name}`);
    if (entry) entries.push(entry);
  }
  const { uid, gid, home } = input;
  return {
    entries,
    etcFiles: {
      passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\ncandidate:x:${uid}:${gid}:candidate:${home}:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
      group: `root:x:0:\ncandidate:x:${gid}:\nnogroup:x:65534:\n`,
      hosts: '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n',
      hostname: 'sandbox\n',
      // No name server: the only network is the loopback, where the gateway answers.
      'resolv.conf': '',
      'nsswitch.conf': 'passwd: files\ngroup: files\nshadow: files\nhosts: files\nnetworks: files\nprotocols: files\nservices: files\n',
    },
  };
}
