// Escapes a cheating candidate would try: reading secrets, reaching the host's
// network, writing outside its working copy. Each run is bounded by small limits.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canIsolate, lastJson, makeSubmission, removeDir, skipReason } from './_testkit';
import { runSandboxed } from './run';
import { SAFETY_NET_MS } from '../../test/test-helpers';

const SECRET = 'tk-secret-0f3a9c1e';
const UPSTREAM_KEY = 'sk-upstream-7d2b4e';
const SMALL = { wallMs: SAFETY_NET_MS, memoryBytes: 512 * 1024 * 1024, processes: 64, outputBytes: 256 * 1024 };

describe.skipIf(!canIsolate)(`isolated sandbox: secrets, network, filesystem${skipReason ? ` (${skipReason})` : ''}`, () => {
  const saved = { secret: process.env.TAKEHOME_SECRET, key: process.env.OPENAI_API_KEY };
  const cleanups: Array<() => void> = [];

  beforeAll(() => {
    process.env.TAKEHOME_SECRET = SECRET;
    process.env.OPENAI_API_KEY = UPSTREAM_KEY;
  });
  afterAll(() => {
    if (saved.secret === undefined) delete process.env.TAKEHOME_SECRET;
    else process.env.TAKEHOME_SECRET = saved.secret;
    if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = saved.key;
    for (const cleanup of cleanups.reverse()) cleanup();
  });

  it('sees only the allow-listed environment, never the harness secret or upstream key', async () => {
    const sub = makeSubmission({ 'env.mjs': 'console.log(JSON.stringify(process.env));' });
    cleanups.push(() => removeDir(sub));
    const result = await runSandboxed({ command: 'node env.mjs', submissionDir: sub, env: { OPENAI_API_KEY: 'run-token' }, limits: SMALL });
    await result.cleanup();
    expect(result.mode).toBe('isolated');
    expect(result.exitCode).toBe(0);
    const env = lastJson<Record<string, string>>(result);
    expect(env.TAKEHOME_SECRET).toBeUndefined();
    expect(env.OPENAI_API_KEY).toBe('run-token');
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).not.toContain(UPSTREAM_KEY);
    expect(env.HOME).toBe(result.workDir);
  });

  it('cannot read the harness process environ nor the namespace init environ', async () => {
    const sub = makeSubmission({
      'proc.mjs': `
        import fs from 'node:fs';
        const out = {};
        for (const pid of [process.env.HARNESS_PID, '1', String(process.ppid)]) {
          try { out[pid] = fs.readFileSync('/proc/' + pid + '/environ', 'utf8'); } catch (e) { out[pid] = 'ERR ' + e.code; }
        }
        out.pids = fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p));
        console.log(JSON.stringify(out));
      `,
    });
    cleanups.push(() => removeDir(sub));
    const result = await runSandboxed({ command: 'node proc.mjs', submissionDir: sub, env: { HARNESS_PID: String(process.pid) }, limits: SMALL });
    await result.cleanup();
    expect(result.exitCode).toBe(0);
    const out = lastJson<Record<string, unknown>>(result);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).not.toContain(UPSTREAM_KEY);
    // The harness pid does not exist in the sandbox's PID namespace (or is some other, sandboxed process).
    expect(String(out[String(process.pid)])).not.toContain('TAKEHOME');
    expect(String(out['1'])).toMatch(/^ERR /);
    // Only the namespace's own handful of processes are visible.
    expect((out.pids as string[]).length).toBeLessThan(10);
  });

  it('cannot reach a listener on the host loopback, but reaches the gateway socket', async () => {
    let hostConnections = 0;
    const listener = net.createServer((s) => {
      hostConnections += 1;
      s.end('host says hi');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const port = (listener.address() as net.AddressInfo).port;
    const socketDir = mkdtempSync('/tmp/takehome-sbx-test-gw-');
    const socketPath = join(socketDir, 'gw.sock');
    const gateway = http.createServer((req, res) => res.end(JSON.stringify({ via: 'gateway', url: req.url, auth: req.headers.authorization })));
    await new Promise<void>((r) => gateway.listen(socketPath, r));
    cleanups.push(() => {
      listener.close();
      gateway.close();
      rmSync(socketDir, { recursive: true, force: true });
    });
    const sub = makeSubmission({
      'net.mjs': `
        import net from 'node:net';
        const tryConnect = (host, port) => new Promise((resolve) => {
          const s = net.connect({ host, port, timeout: 60_000 });
          s.on('connect', () => { s.destroy(); resolve('connected'); });
          s.on('timeout', () => { s.destroy(); resolve('timeout'); });
          s.on('error', (e) => resolve('ERR ' + e.code));
        });
        const host = await tryConnect('127.0.0.1', Number(process.env.HOST_PORT));
        const gw = await fetch(process.env.OPENAI_BASE_URL + '/models', { headers: { authorization: 'Bearer ' + process.env.OPENAI_API_KEY } })
          .then((r) => r.json()).catch((e) => ({ error: String(e.cause?.code ?? e) }));
        console.log(JSON.stringify({ host, gw }));
      `,
    });
    cleanups.push(() => removeDir(sub));
    const result = await runSandboxed({
      command: 'node net.mjs',
      submissionDir: sub,
      env: { HOST_PORT: String(port), OPENAI_API_KEY: 'run-token' },
      gatewaySocket: socketPath,
      limits: SMALL,
    });
    await result.cleanup();
    const out = lastJson<{ host: string; gw: { via?: string; url?: string; auth?: string } }>(result);
    expect(out.host).toMatch(/^ERR /);
    expect(hostConnections).toBe(0);
    expect(out.gw).toEqual({ via: 'gateway', url: '/v1/models', auth: 'Bearer run-token' });
    expect(result.mechanisms).toContain('gateway-forwarder');
  });

  it('writes only to its working copy and private /tmp', async () => {
    const marker = `takehome-sbx-escape-${process.pid}-${Date.now()}`;
    const otherResults = mkdtempSync('/var/lib/takehome-sbx-test-results-');
    writeFileSync(join(otherResults, 'scorecard.json'), '{"score":1}');
    // Readable by anyone: only hidePaths keeps the candidate from seeing it.
    chmodSync(otherResults, 0o755);
    // Outside /tmp so the private /tmp cannot be what stops the write: 0755 root, and 0777 (only the read-only mount stops that one).
    const rootOwned = mkdtempSync('/var/lib/takehome-sbx-test-');
    const worldWritable = mkdtempSync('/var/lib/takehome-sbx-test-ww-');
    chmodSync(worldWritable, 0o777);
    const sub = makeSubmission({
      'write.sh': [
        'try() { if sh -c "$2" 2>/dev/null; then echo "$1=ok"; else echo "$1=denied"; fi; }',
        `try hosttmp "echo x > /tmp/${marker}"`,
        'try others "echo x > $OTHER/stolen.txt"',
        'try otherslist "ls $OTHER | grep -q scorecard"',
        'try rootowned "echo x > $ROOT_OWNED/x.txt"',
        'try worldwritable "echo x > $WORLD_WRITABLE/x.txt"',
        'try original "echo x > $ORIGINAL/injected.txt"',
        'try etc "echo x > /etc/takehome-sbx-x"',
        'try work "echo x > ./written.txt"',
        'try privatetmp "echo x > /tmp/scratch.txt"',
      ].join('\n'),
    });
    const before = readdirSync(sub).sort();
    cleanups.push(() => {
      removeDir(sub);
      removeDir(otherResults);
      removeDir(rootOwned);
      removeDir(worldWritable);
    });
    const result = await runSandboxed({
      command: 'sh write.sh',
      submissionDir: sub,
      env: { OTHER: otherResults, ROOT_OWNED: rootOwned, WORLD_WRITABLE: worldWritable, ORIGINAL: sub },
      hidePaths: [otherResults],
      limits: SMALL,
    });
    const verdicts = Object.fromEntries(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('=')),
    );
    expect(verdicts).toEqual({
      hosttmp: 'ok', // the private /tmp, gone with the sandbox
      others: 'denied',
      otherslist: 'denied',
      rootowned: 'denied',
      worldwritable: 'denied',
      original: 'denied',
      etc: 'denied',
      work: 'ok',
      privatetmp: 'ok',
    });
    expect(existsSync(`/tmp/${marker}`)).toBe(false);
    expect(readdirSync(otherResults)).toEqual(['scorecard.json']);
    expect(readdirSync(rootOwned)).toEqual([]);
    expect(readdirSync(worldWritable)).toEqual([]);
    expect(readdirSync(sub).sort()).toEqual(before);
    expect(existsSync('/etc/takehome-sbx-x')).toBe(false);
    expect(readFileSync(join(result.workDir, 'written.txt'), 'utf8')).toBe('x\n');
    await result.cleanup();
    expect(existsSync(result.workDir)).toBe(false);
  });

  it('cannot lift the hiding or the read-only root from a user namespace of its own', async () => {
    // unshare -r gives "root" in a new user namespace; mounts inherited from ours stay locked.
    const sub = makeSubmission({
      'userns.sh': [
        'unshare -rm sh -c \'umount -l "$HARNESS"; mount -o remount,bind,rw /; echo x > /etc/takehome-sbx-userns\' >/dev/null 2>&1',
        'echo "harness=$(ls -A "$HARNESS" | wc -l)"',
        'unshare -rm sh -c \'umount -l "$HARNESS" 2>/dev/null; echo "inner=$(ls -A "$HARNESS" | wc -l)"\' 2>/dev/null || echo "inner=0"',
      ].join('\n'),
    });
    cleanups.push(() => removeDir(sub));
    const result = await runSandboxed({ command: 'sh userns.sh', submissionDir: sub, env: { HARNESS: process.cwd() }, limits: SMALL });
    await result.cleanup();
    expect(result.stdout.trim().split('\n')).toEqual(['harness=0', 'inner=0']);
    expect(existsSync('/etc/takehome-sbx-userns')).toBe(false);
  });

  it('runs `npm run` with a read-only corpus taken from a path the candidate cannot see', async () => {
    const outputs = mkdtempSync('/var/lib/takehome-sbx-test-out-');
    const corpus = join(outputs, 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'doc1.md'), 'refund window: 30 days');
    const sub = makeSubmission({
      'package.json': JSON.stringify({ name: 'candidate', private: true, scripts: { ingest: 'node ingest.mjs' } }),
      'ingest.mjs': `
        import fs from 'node:fs';
        const text = fs.readFileSync(process.env.CORPUS_DIR + '/doc1.md', 'utf8');
        let write = 'ok';
        try { fs.writeFileSync(process.env.CORPUS_DIR + '/doc2.md', 'x'); } catch (e) { write = e.code; }
        let outputs = 'visible';
        try { outputs = String(fs.readdirSync(process.env.OUTPUTS).length); } catch (e) { outputs = e.code; }
        fs.writeFileSync('index.json', JSON.stringify({ text }));
        console.log(JSON.stringify({ text, write, outputs }));
      `,
    });
    cleanups.push(() => {
      removeDir(sub);
      removeDir(outputs);
    });
    const result = await runSandboxed({
      command: 'npm run ingest --silent',
      submissionDir: sub,
      env: { CORPUS_DIR: '/tmp/corpus', OUTPUTS: outputs },
      readOnlyMounts: [{ source: corpus, target: '/tmp/corpus' }],
      hidePaths: [outputs],
      limits: SMALL,
    });
    await result.cleanup();
    expect(result.stderr).toBe('');
    // Outside the allow-listed root, the outputs folder does not exist at all.
    expect(lastJson(result)).toEqual({ text: 'refund window: 30 days', write: 'EROFS', outputs: 'ENOENT' });
    expect(readdirSync(corpus)).toEqual(['doc1.md']);
  });

  it('cannot read a key kept anywhere on disk outside the allow-list, hidden or not, nor find it through mountinfo', async () => {
    // World-readable, in a folder nobody listed in hidePaths: only the allow-list root keeps it out.
    const keyDir = mkdtempSync('/var/lib/takehome-sbx-test-key-');
    chmodSync(keyDir, 0o755);
    writeFileSync(join(keyDir, 'hidden-questions.jsonl'), '{"id":"q1","answer":"the secret answer"}\n');
    chmodSync(join(keyDir, 'hidden-questions.jsonl'), 0o644);
    const sub = makeSubmission({
      'steal.mjs': `
        import fs from 'node:fs';
        const out = {};
        try { out.key = fs.readFileSync(process.env.KEY_DIR + '/hidden-questions.jsonl', 'utf8'); } catch (e) { out.key = e.code; }
        try { out.parent = fs.readdirSync('/var/lib').length; } catch (e) { out.parent = e.code; }
        out.mountinfo = fs.readFileSync('/proc/self/mountinfo', 'utf8');
        out.root = fs.readdirSync('/').sort();
        console.log(JSON.stringify(out));
      `,
    });
    cleanups.push(() => {
      removeDir(sub);
      removeDir(keyDir);
    });
    const result = await runSandboxed({ command: 'node steal.mjs', submissionDir: sub, env: { KEY_DIR: keyDir }, limits: SMALL });
    await result.cleanup();
    const out = lastJson<{ key: string; parent: string; mountinfo: string; root: string[] }>(result);
    expect(out.key).toBe('ENOENT');
    expect(out.parent).toBe('ENOENT');
    expect(result.stdout).not.toContain('the secret answer');
    // The mount table names the runtime, the working copy and nothing else of the host: not the key, not the original submission.
    expect(out.mountinfo).not.toContain(keyDir);
    expect(out.mountinfo).not.toContain(sub);
    expect(out.mountinfo).not.toContain('/var/lib');
    expect(out.root).toEqual(expect.arrayContaining(['dev', 'etc', 'proc', 'tmp', 'usr']));
    expect(out.root).not.toContain('root');
    expect(out.root).not.toContain('home');
  });

  it('cannot see a sibling submission (another candidate) next to its own', async () => {
    const parent = mkdtempSync('/var/lib/takehome-sbx-test-cands-');
    chmodSync(parent, 0o755);
    mkdirSync(join(parent, 'ada'));
    mkdirSync(join(parent, 'grace'));
    writeFileSync(join(parent, 'grace', 'answer.mjs'), "// grace's pipeline");
    writeFileSync(
      join(parent, 'ada', 'look.mjs'),
      `
        import fs from 'node:fs';
        const out = {};
        for (const p of [process.env.PARENT, process.env.PARENT + '/grace/answer.mjs', process.env.PARENT + '/ada']) {
          try { out[p] = fs.statSync(p).isDirectory() ? fs.readdirSync(p) : fs.readFileSync(p, 'utf8'); } catch (e) { out[p] = e.code; }
        }
        out.mentions = fs.readFileSync('/proc/self/mountinfo', 'utf8').includes(process.env.PARENT);
        console.log(JSON.stringify(out));
      `,
    );
    cleanups.push(() => removeDir(parent));
    const result = await runSandboxed({ command: 'node look.mjs', submissionDir: join(parent, 'ada'), env: { PARENT: parent }, limits: SMALL });
    await result.cleanup();
    const out = lastJson<Record<string, unknown>>(result);
    expect(out).toEqual({ [parent]: 'ENOENT', [`${parent}/grace/answer.mjs`]: 'ENOENT', [`${parent}/ada`]: 'ENOENT', mentions: false });
  });

  it('sees no harness checkout and no HOME of the host', async () => {
    const sub = makeSubmission({ 'look.sh': 'echo "harness=$(ls -A "$HARNESS" | wc -l) home=$(ls -A /root 2>/dev/null | wc -l)"' });
    cleanups.push(() => removeDir(sub));
    mkdirSync('/root', { recursive: true });
    const result = await runSandboxed({ command: 'sh look.sh', submissionDir: sub, env: { HARNESS: process.cwd() }, limits: SMALL });
    await result.cleanup();
    expect(result.stdout.trim()).toBe('harness=0 home=0');
  });
});
