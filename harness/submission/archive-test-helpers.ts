// Helpers for tests only: archives made entry by entry, hostile ones included (production code never imports this file).
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { Header } from 'tar';

export interface ArchiveEntry {
  /** Stored as is: "../x" and "/etc/x" included. */
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev';
  data?: Buffer | string;
  /** Link target. */
  target?: string;
  /** Permission bits (default 0644, 0755 for folders). */
  mode?: number;
}

/** Every entry below DIR (its .git included), files with their bytes, links with their targets. */
export function entriesOfFolder(dir: string, prefix = ''): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(join(dir, rel));
    if (st.isSymbolicLink()) out.push({ name: rel, type: 'symlink', target: readlinkSync(join(dir, rel)) });
    else if (st.isDirectory()) out.push({ name: `${rel}/`, type: 'dir', mode: st.mode & 0o777 }, ...entriesOfFolder(dir, rel));
    else out.push({ name: rel, type: 'file', data: readFileSync(join(dir, rel)), mode: st.mode & 0o777 });
  }
  return out;
}

const TAR_TYPES = { file: 'File', dir: 'Directory', symlink: 'SymbolicLink', hardlink: 'Link', chardev: 'CharacterDevice' } as const;

/** A tar archive of ENTRIES, headers encoded by node-tar's Header (no path is sanitised). */
export function tarOf(entries: readonly ArchiveEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.type === 'file' ? Buffer.from(entry.data ?? '') : Buffer.alloc(0);
    const header = new Header({
      path: entry.name,
      type: TAR_TYPES[entry.type],
      size: data.length,
      mode: entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644),
      mtime: new Date(0),
      uid: 0,
      gid: 0,
      ...(entry.target !== undefined ? { linkpath: entry.target } : {}),
      ...(entry.type === 'chardev' ? { devmaj: 1, devmin: 3 } : {}),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const S_IF = { file: 0o100000, dir: 0o040000, symlink: 0o120000, hardlink: 0o100000, chardev: 0o020000 } as const;

/** A zip archive (stored, no compression) of ENTRIES, written field by field so that any name or mode can be made. */
export function zipOf(entries: readonly ArchiveEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = Buffer.from(entry.type === 'symlink' ? (entry.target ?? '') : entry.type === 'file' ? (entry.data ?? '') : '');
    const crc = crc32(data);
    const mode = S_IF[entry.type] | (entry.mode ?? (entry.type === 'dir' ? 0o755 : entry.type === 'symlink' ? 0o777 : 0o644));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made on Unix: the external attributes hold the mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
