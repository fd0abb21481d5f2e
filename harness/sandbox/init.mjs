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

function step(name, fn) {
  try {
    return fn();
  } catch (error) {
    fail(name, error);
  }
}

// 1. Network: only loopback, up. Nothing else exists in this namespace.
step('loopback', () => run(cfg.tools.ip, ['link', 'set', 'lo', 'up']));

// 2. A fresh root: a tmpfs at the staging folder, holding only the allow-listed
// runtime (cfg.root.entries, bound read-only at their own paths), a generated
// minimal /etc, a minimal /dev, a fresh /proc, the private /tmp with the
// working copy and the read-only mounts, and nothing else of the host. Then
// pivot_root into it and detach the old root: no host path stays reachable,
// and /proc/self/mountinfo lists only these mounts.
const newRoot = cfg.stageDir;
const at = (p) => path.join(newRoot, p);
const HOLD_DIR = path.join('/tmp', HOLD);
step('new root', () => mount(['-t', 'tmpfs', '-o', 'size=16m,mode=755,nosuid,nodev', 'tmpfs', newRoot]));

function bindReadOnly(source, target, isDir, options = 'nosuid,nodev') {
  if (isDir) fs.mkdirSync(target, { recursive: true });
  else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!fs.existsSync(target)) fs.writeFileSync(target, '');
  }
  mount(['--bind', source, target]);
  mount(['-o', `remount,bind,ro,${options}`, target]);
}

for (const entry of cfg.root.entries) {
  step(`root ${entry.path}`, () => {
    const target = at(entry.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (entry.kind === 'symlink') fs.symlinkSync(entry.target, target);
    else bindReadOnly(entry.path, target, fs.statSync(entry.path).isDirectory());
  });
}

step('/etc', () => {
  fs.mkdirSync(at('/etc'), { recursive: true, mode: 0o755 });
  for (const [name, text] of Object.entries(cfg.root.etcFiles)) fs.writeFileSync(at(`/etc/${name}`), text, { mode: 0o644 });
});

// 3. /dev: the harmless character devices, bound from the host's, and the usual links.
step('/dev', () => {
  fs.mkdirSync(at('/dev'), { recursive: true });
  mount(['-t', 'tmpfs', '-o', 'size=64k,mode=755,nosuid,noexec', 'tmpfs', at('/dev')]);
  for (const name of ['null', 'zero', 'full', 'random', 'urandom']) {
    if (fs.existsSync(`/dev/${name}`)) bindReadOnly(`/dev/${name}`, at(`/dev/${name}`), false, 'nosuid,noexec');
  }
  // Reads and writes of /dev/null and friends work through a read-only bind: ro covers the node, not the device.
  fs.symlinkSync('/proc/self/fd', at('/dev/fd'));
  ['stdin', 'stdout', 'stderr'].forEach((name, fd) => fs.symlinkSync(`/proc/self/fd/${fd}`, at(`/dev/${name}`)));
  fs.mkdirSync(at('/dev/shm'));
  mount(['-t', 'tmpfs', '-o', 'size=64m,mode=1777,nosuid,nodev', 'tmpfs', at('/dev/shm')]);
});

step('/proc', () => {
  fs.mkdirSync(at('/proc'));
  mount(['-t', 'proc', '-o', 'nosuid,nodev,noexec', 'proc', at('/proc')]);
});

// 4. The private /tmp (capped, charged to the memory cgroup), /var/tmp, and an empty /run.
step('private /tmp', () => {
  fs.mkdirSync(at('/tmp'));
  mount(['-t', 'tmpfs', '-o', `size=${cfg.tmpBytes},mode=1777,nosuid,nodev`, 'tmpfs', at('/tmp')]);
  fs.mkdirSync(at(HOLD_DIR), { mode: 0o700 });
  fs.mkdirSync(at('/var/tmp'), { recursive: true });
  mount(['-t', 'tmpfs', '-o', 'size=64m,mode=1777,nosuid,nodev', 'tmpfs', at('/var/tmp')]);
  fs.mkdirSync(at('/run'));
});

if (cfg.gatewaySocket) {
  step('gateway socket', () => {
    const holder = at(path.join(HOLD_DIR, 'gw.sock'));
    fs.writeFileSync(holder, '');
    mount(['--bind', cfg.gatewaySocket, holder]);
  });
}

step('working copy', () => {
  const inside = at(cfg.workDir);
  fs.mkdirSync(inside, { recursive: true, mode: 0o755 });
  mount(['--bind', cfg.workDir, inside]);
});

// 5. The caller's read-only mounts (corpus, data, shared node_modules) at their targets. A
// missing target is made only where that touches nothing on the host: in the new root's
// own tmpfs or the private /tmp (the working copy included: a folder made there is the run's own).
cfg.mounts.forEach((m) => {
  step(`mount ${m.target}`, () => {
    const target = at(m.target);
    const isDir = fs.statSync(m.source).isDirectory();
    if (!fs.existsSync(target)) {
      const inRuntime = cfg.root.entries.some((e) => e.kind === 'bind' && under(m.target, e.path));
      if (inRuntime) throw new Error(`target ${m.target} does not exist and lies in a read-only runtime folder`);
    }
    bindReadOnly(m.source, target, isDir);
  });
});

// 6. The cgroups are joined through files opened now, before /sys is left behind.
const cgroupFds = step('cgroup files', () => cfg.cgroupProcs.map((file) => fs.openSync(file, 'w')));

step('pivot_root', () => {
  const old = at('/.oldroot');
  fs.mkdirSync(old, { mode: 0o700 });
  run(cfg.tools.pivotRoot, [newRoot, old]);
  process.chdir('/');
  run(cfg.tools.umount, ['-l', '/.oldroot']);
  fs.rmdirSync('/.oldroot');
  // Sealed: nothing in the root itself (its /etc included) can be changed, even by root here.
  mount(['-o', 'remount,bind,ro,nosuid,nodev', '/']);
  mount(['-o', 'remount,bind,ro,nosuid,noexec', '/dev']);
});

// 7. The gateway forwarder: 127.0.0.1:<port> in this namespace -> the gateway's
// Unix socket. It runs here as root so the socket can stay in a root-only folder.
async function startForwarder() {
  const socketPath = path.join(HOLD_DIR, 'gw.sock');
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
  // fds 5, 6, ...: the run's cgroup.procs files, opened by init before the pivot.
  const joins = cgroupFds.map((_, i) => `echo $$ >&${5 + i} || exit 125`);
  const script = [
    'cmd=$1',
    ...joins,
    `exec 3>&- 4<&-${cgroupFds.map((_, i) => ` ${5 + i}>&-`).join('')}`,
    `exec ${q(cfg.tools.prlimit)} ${limits.join(' ')} -- ${q(cfg.tools.setpriv)} --reuid=${cfg.uid} --regid=${cfg.gid} --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- /bin/sh -c "$cmd"`,
  ].join('\n');
  const std = relay ? ['pipe', 'pipe', 'inherit'] : ['inherit', 'inherit', 'inherit'];
  const child = spawn('/bin/sh', ['-c', script, 'sandbox', command], {
    cwd: cfg.workDir,
    env: cfg.env,
    // fds 3 and 4 are not passed; 5, 6, ... are the cgroup files.
    stdio: [...std, 'ignore', 'ignore', ...cgroupFds],
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
