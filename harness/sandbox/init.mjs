// The sandbox's init: PID 1 of a fresh PID namespace, inside fresh network and
// mount namespaces, still root. It lays out the candidate's view of the
// filesystem, starts the gateway forwarder, then runs the candidate's command
// as an unprivileged uid and reports its exit on fd 3. When it exits the kernel
// kills every process left in the namespace.
//
// Plain JavaScript with only node: builtins, because it runs before (and
// after) the harness checkout is hidden and must not need tsx or packages.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const STATUS_FD = 3;
const LIFELINE_FD = 4; // the harness holds the other end; EOF means the harness died
const HOLD = '.takehome'; // root-only folder in the private /tmp for held mounts and the gateway socket

function report(message) {
  try {
    fs.writeSync(STATUS_FD, `${JSON.stringify(message)}\n`);
  } catch {
    // the harness is gone; nothing to tell
  }
}

function fail(step, error) {
  const stderr = error?.stderr ? String(error.stderr).trim() : '';
  report({ type: 'setup-error', step, message: `${error?.message ? error.message : error}${stderr ? `: ${stderr}` : ''}` });
  process.exit(1);
}

const configPath = process.argv[2];
let cfg;
try {
  cfg = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  fs.rmSync(configPath, { force: true });
} catch (error) {
  fail('config', error);
}

// If the harness dies (crash, SIGKILL), nobody enforces the timeout any more:
// end the whole namespace rather than leave the candidate running unwatched.
try {
  const lifeline = new net.Socket({ fd: LIFELINE_FD, readable: true, writable: false });
  lifeline.on('data', () => undefined);
  lifeline.on('end', () => process.exit(0));
  lifeline.on('error', () => process.exit(0));
} catch {
  // started without a lifeline (by hand): nothing to watch
}

const warnings = [];
const run = (tool, args) => execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
const mount = (args) => run(cfg.tools.mount, args);
const under = (p, dir) => p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
const PRIVATE = ['/tmp', '/var/tmp', '/dev/shm'];

function step(name, fn) {
  try {
    return fn();
  } catch (error) {
    fail(name, error);
  }
}

// 1. Network: only loopback, up. Nothing else exists in this namespace.
step('loopback', () => run(cfg.tools.ip, ['link', 'set', 'lo', 'up']));

// 2. Build the future /tmp on a staging tmpfs while every host path is still visible.
const stage = cfg.stageDir;
const hold = path.join(stage, HOLD);
step('stage', () => {
  mount(['-t', 'tmpfs', '-o', `size=${cfg.tmpBytes},mode=1777,nosuid,nodev`, 'tmpfs', stage]);
  fs.mkdirSync(hold, { mode: 0o700 });
});

// Read-only mounts are taken now, before any hiding, since a source often lies
// under a hidden path (the harness's node_modules, a candidate's output folder).
cfg.mounts.forEach((m, i) => {
  step(`hold mount ${m.source}`, () => {
    const holder = path.join(hold, `m${i}`);
    const isDir = fs.statSync(m.source).isDirectory();
    if (isDir) fs.mkdirSync(holder);
    else fs.writeFileSync(holder, '');
    mount(['--bind', m.source, holder]);
    mount(['-o', 'remount,bind,ro,nosuid,nodev', holder]);
    m.isDir = isDir;
  });
});

if (cfg.gatewaySocket) {
  step('hold gateway socket', () => {
    const holder = path.join(hold, 'gw.sock');
    fs.writeFileSync(holder, '');
    mount(['--bind', cfg.gatewaySocket, holder]);
  });
}

step('working copy', () => {
  const inside = path.join(stage, path.relative('/tmp', cfg.workDir));
  fs.mkdirSync(inside, { recursive: true, mode: 0o755 });
  mount(['--bind', cfg.workDir, inside]);
});

// 3. Swap the staging tmpfs in as /tmp, then private /var/tmp and /dev/shm.
step('private /tmp', () => mount(['--move', stage, '/tmp']));
for (const dir of ['/var/tmp', '/dev/shm']) {
  if (fs.existsSync(dir)) {
    step(`private ${dir}`, () => mount(['-t', 'tmpfs', '-o', 'size=64m,mode=1777,nosuid,nodev', 'tmpfs', dir]));
  }
}

// 4. Hide paths under empty tmpfs (a file under /dev/null). Writable for now so
// that mount points for read-only mounts can be made inside; made read-only below.
const hidden = [];
for (const p of cfg.hide) {
  if (PRIVATE.some((d) => under(p, d))) continue; // already behind a private tmpfs
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    continue; // nothing there to hide
  }
  step(`hide ${p}`, () => {
    if (st.isDirectory()) {
      mount(['-t', 'tmpfs', '-o', 'size=1m,mode=755,nosuid,nodev', 'tmpfs', p]);
      hidden.push(p);
    } else {
      mount(['--bind', '/dev/null', p]);
    }
  });
}

// 5. Put each held mount at its target. A missing target may be created only
// where that touches nothing on the host: the private /tmp (working copy
// included: a folder made there is the run's own) or a hiding tmpfs.
cfg.mounts.forEach((m, i) => {
  step(`mount ${m.target}`, () => {
    if (!fs.existsSync(m.target)) {
      const creatable = under(m.target, '/tmp') || hidden.some((h) => under(m.target, h));
      if (!creatable) throw new Error(`target ${m.target} does not exist and lies outside /tmp, the working copy and the hidden paths`);
      if (m.isDir) fs.mkdirSync(m.target, { recursive: true });
      else {
        fs.mkdirSync(path.dirname(m.target), { recursive: true });
        fs.writeFileSync(m.target, '');
      }
    }
    mount(['--move', path.join('/tmp', HOLD, `m${i}`), m.target]);
  });
});

for (const p of hidden) {
  step(`seal ${p}`, () => mount(['-o', 'remount,bind,ro,nosuid,nodev', p]));
}

// 6. Everything else read-only, so the candidate can write only to the working
// copy and the private tmpfs. `bind` makes each remount change only this
// namespace's view of the mount, never the filesystem the host uses.
function mountPoints() {
  const unescapeOctal = (s) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const fields = line.split(' ');
      const sep = fields.indexOf('-');
      return { point: unescapeOctal(fields[4]), options: fields[5].split(','), fstype: fields[sep + 1] };
    });
}
const SKIP_FS = new Set(['proc', 'sysfs', 'cgroup', 'cgroup2', 'devpts', 'mqueue', 'securityfs', 'debugfs', 'tracefs', 'bpf', 'pstore', 'configfs', 'fusectl', 'binfmt_misc', 'hugetlbfs']);
const writable = ['/tmp', '/var/tmp', '/dev/shm'];
const seen = new Set();
for (const m of mountPoints()) {
  if (seen.has(m.point)) continue;
  seen.add(m.point);
  if (m.options.includes('ro') || SKIP_FS.has(m.fstype)) continue;
  if (writable.some((d) => under(m.point, d)) || under(m.point, '/proc') || under(m.point, '/sys')) continue;
  try {
    mount(['-o', 'remount,bind,ro', m.point]);
  } catch (error) {
    if (m.point === '/') fail('read-only root', error);
    warnings.push(`could not make ${m.point} read-only: ${error.message}`);
  }
}

// 7. The gateway forwarder: 127.0.0.1:<port> in this namespace -> the gateway's
// Unix socket. It runs here as root so the socket can stay in a root-only folder.
async function startForwarder() {
  const socketPath = path.join('/tmp', HOLD, 'gw.sock');
  const server = net.createServer((client) => {
    const upstream = net.connect(socketPath);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.gatewayPort, '127.0.0.1', resolve);
  });
}

// 8. The candidate. The wrapper shell joins the run's cgroups (as root, so the
// whole tree is counted from its first fork), closes the status fd so the
// candidate cannot forge a report (nor hold the lifeline), applies rlimits, drops to the sandbox uid
// with no capabilities and no_new_privs, then runs the command.
function startCandidate() {
  const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
  const limits = [`--fsize=${cfg.rlimits.fsize}`, `--nproc=${cfg.rlimits.nproc}`, '--core=0'];
  const script = [
    'cmd=$1; shift',
    'for f in "$@"; do echo $$ > "$f" || exit 125; done',
    'exec 3>&- 4<&-',
    `exec ${q(cfg.tools.prlimit)} ${limits.join(' ')} -- ${q(cfg.tools.setpriv)} --reuid=${cfg.uid} --regid=${cfg.gid} --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- /bin/sh -c "$cmd"`,
  ].join('\n');
  const child = spawn('/bin/sh', ['-c', script, 'sandbox', cfg.command, ...cfg.cgroupProcs], {
    cwd: cfg.workDir,
    env: cfg.env,
    stdio: ['inherit', 'inherit', 'inherit'],
  });
  child.on('error', (error) => fail('start command', error));
  child.on('exit', (code, signal) => {
    report({ type: 'exit', code, signal });
    process.exit(0);
  });
  report({ type: 'ready', warnings });
}

try {
  if (cfg.gatewaySocket) await startForwarder();
} catch (error) {
  fail('gateway forwarder', error);
}
startCandidate();
