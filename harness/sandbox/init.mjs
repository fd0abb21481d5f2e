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
// The lifeline also carries the harness's commands, one JSON line each: {"type":"restart"}.
let onCommand = () => undefined;
try {
  const lifeline = new net.Socket({ fd: LIFELINE_FD, readable: true, writable: false });
  let pendingCommand = '';
  lifeline.on('data', (chunk) => {
    pendingCommand += chunk.toString('utf8');
    for (let nl = pendingCommand.indexOf('\n'); nl !== -1; nl = pendingCommand.indexOf('\n')) {
      const line = pendingCommand.slice(0, nl);
      pendingCommand = pendingCommand.slice(nl + 1);
      try {
        onCommand(JSON.parse(line));
      } catch {
        // not a command: ignore
      }
    }
  });
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
//
// Restartable runs (cfg.restartCommand, the RAG answer process) relay stdin
// and stdout through init, line by line: on {"type":"restart"} init kills every
// process in the namespace but itself (kill(-1) from PID 1), drops the killed
// command's unfinished line and unread questions, writes the marker line
// `<cfg.marker> exit <code> <signal>` after the last line of each command, and
// starts cfg.restartCommand in the same namespace, /tmp and cgroups (so
// nothing built by ingest is lost). The marker is random per run: a candidate
// line that starts with it is dropped. A command that exits on its own ends its
// generation the same way; init then waits for a restart or the end of stdin.
const relay = typeof cfg.restartCommand === 'string';
let current = null; // { child, exited, partial }
let restarting = false;
let stdinEnded = false;
let lastExit = { code: null, signal: null };

function writeOut(text) {
  let buffer = Buffer.from(text, 'utf8');
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(fs.writeSync(1, buffer));
    } catch (error) {
      if (error.code === 'EAGAIN') continue;
      process.exit(0); // the harness is gone
    }
  }
}

function killAll() {
  try {
    process.kill(-1, 'SIGKILL'); // from PID 1: every other process of this namespace
  } catch {
    // none left
  }
}

function startCandidate(command) {
  const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
  const limits = [`--fsize=${cfg.rlimits.fsize}`, `--nproc=${cfg.rlimits.nproc}`, '--core=0'];
  const script = [
    'cmd=$1; shift',
    'for f in "$@"; do echo $$ > "$f" || exit 125; done',
    'exec 3>&- 4<&-',
    `exec ${q(cfg.tools.prlimit)} ${limits.join(' ')} -- ${q(cfg.tools.setpriv)} --reuid=${cfg.uid} --regid=${cfg.gid} --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- /bin/sh -c "$cmd"`,
  ].join('\n');
  const child = spawn('/bin/sh', ['-c', script, 'sandbox', command, ...cfg.cgroupProcs], {
    cwd: cfg.workDir,
    env: cfg.env,
    stdio: relay ? ['pipe', 'pipe', 'inherit'] : ['inherit', 'inherit', 'inherit'],
  });
  const entry = { child, exited: false, outEnded: !relay, exit: null, partial: [] };
  current = entry;
  child.on('error', (error) => fail('start command', error));
  if (relay) {
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (chunk) => {
      if (restarting && current === entry) return; // being killed: its output is void
      let start = 0;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
        entry.partial.push(chunk.subarray(start, i + 1));
        const line = Buffer.concat(entry.partial);
        entry.partial = [];
        start = i + 1;
        if (!line.toString('utf8').startsWith(cfg.marker)) writeOut(line.toString('utf8'));
      }
      if (start < chunk.length) entry.partial.push(chunk.subarray(start));
    });
    child.stdout.on('end', () => {
      entry.outEnded = true;
      settle(entry);
    });
  }
  child.on('exit', (code, signal) => {
    entry.exited = true;
    entry.exit = { code, signal };
    if (!relay) {
      report({ type: 'exit', code, signal });
      process.exit(0);
    }
    // Whatever it left running dies with it, so its stdout ends and no stale writer remains.
    killAll();
    settle(entry);
  });
}

/** A relayed command is over once it exited and its stdout ended: close its generation, then restart, idle or end. */
function settle(entry) {
  if (!entry.exited || !entry.outEnded || entry.settled) return;
  entry.settled = true;
  if (!restarting && entry.partial.length > 0) {
    const last = Buffer.concat(entry.partial).toString('utf8');
    if (!last.startsWith(cfg.marker)) writeOut(`${last}\n`);
  }
  entry.partial = [];
  lastExit = entry.exit;
  writeOut(`${cfg.marker} exit ${entry.exit.code} ${entry.exit.signal}\n`);
  report({ type: 'command-exit', code: entry.exit.code, signal: entry.exit.signal });
  if (restarting) {
    startCandidate(cfg.restartCommand);
    restarting = false;
    report({ type: 'restarted' });
  } else if (stdinEnded) finish();
}

function finish() {
  report({ type: 'exit', code: lastExit.code, signal: lastExit.signal });
  process.exit(0);
}

if (relay) {
  process.stdin.on('data', (chunk) => {
    // Questions sent while a command is being replaced were meant for the old one.
    if (!restarting && current && !current.exited) current.child.stdin.write(chunk);
  });
  process.stdin.on('end', () => {
    stdinEnded = true;
    if (current && !current.exited) current.child.stdin.end();
    else if (!restarting) finish();
  });
  process.stdin.on('error', () => undefined);
  onCommand = (command) => {
    if (command?.type !== 'restart' || restarting || stdinEnded || !current) return;
    restarting = true;
    killAll();
    if (current.settled) {
      // It had already ended on its own: just start the next one.
      startCandidate(cfg.restartCommand);
      restarting = false;
      report({ type: 'restarted' });
    }
    // Otherwise its exit handler settles it and starts the next one.
  };
}

try {
  if (cfg.gatewaySocket) await startForwarder();
} catch (error) {
  fail('gateway forwarder', error);
}
startCandidate(cfg.command);
report({ type: 'ready', warnings });
