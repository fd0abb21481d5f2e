import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON_ENVIRONMENT, pythonInstallCommand } from '../../graders/ml/environment';
import type { HostCheck } from '../../harness/exercise';
import { runSandboxed } from '../../harness/sandbox';

/**
 * The ML exercise's host checks (`takehome doctor`): a Python `run` gets
 * python3 and the packaged scientific stack the brief promises. Checked inside
 * the sandbox, where a candidate's command runs, so a package that is only in
 * the grader's home folder (hidden there) counts as missing.
 */

const PROBE = `
import importlib, json, sys
out = {"python": sys.version.split()[0], "executable": sys.executable, "modules": {}}
for name in sys.argv[1:]:
    try:
        module = importlib.import_module(name)
        out["modules"][name] = getattr(module, "__version__", "?")
    except Exception as error:
        out["modules"][name] = None
print(json.dumps(out))
`;

export async function mlDoctor(): Promise<HostCheck[]> {
  const modules = PYTHON_ENVIRONMENT.packages.map((p) => p.module);
  const empty = await mkdtemp(join(tmpdir(), 'takehome-doctor-ml-'));
  try {
    const run = await runSandboxed({
      command: `command -v python3 >/dev/null || { echo "no python3 on PATH ($PATH)" >&2; exit 127; }; python3 -c '${PROBE}' ${modules.join(' ')}`,
      submissionDir: empty,
      mode: 'auto',
      limits: { wallMs: 120_000 },
    });
    await run.cleanup();
    const install = `apt-get update && ${pythonInstallCommand()}`;
    if (run.exitCode !== 0) {
      return [{ check: 'python3 for Python runs', ok: false, detail: `inside the sandbox: ${run.stderr.trim().slice(-300) || `exit ${run.exitCode}`}`, fix: install }];
    }
    const found = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { python: string; executable: string; modules: Record<string, string | null> };
    const checks: HostCheck[] = [{ check: 'python3 for Python runs', ok: true, detail: `Python ${found.python} at ${found.executable} (inside the sandbox)` }];
    for (const p of PYTHON_ENVIRONMENT.packages) {
      const version = found.modules[p.module];
      checks.push({
        check: `Python package ${p.pip ?? p.module}`,
        ok: typeof version === 'string',
        detail: typeof version === 'string' ? `import ${p.module}: ${version}` : `import ${p.module} fails inside the sandbox`,
        ...(typeof version === 'string' ? {} : { fix: `apt-get update && apt-get install -y ${p.debian}` }),
      });
    }
    return checks;
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
}
