/**
 * What a candidate's `run` command finds on the grading machine besides Node:
 * Debian's python3 and its packaged scientific stack. The brief states it,
 * `takehome doctor` checks it on the host, `.ci/run` installs it, and a run
 * that fails to import a module gets a problem naming the module and this list.
 */

export interface PythonPackage {
  /** The import name. */
  module: string;
  /** The Debian package that provides it (apt-get install). */
  debian: string;
  /** The name pip knows it by, where it differs. */
  pip?: string;
}

export const PYTHON_ENVIRONMENT = {
  interpreter: '/usr/bin/python3',
  distribution: 'Debian 12 (bookworm)',
  packages: [
    { module: 'numpy', debian: 'python3-numpy' },
    { module: 'pandas', debian: 'python3-pandas' },
    { module: 'sklearn', debian: 'python3-sklearn', pip: 'scikit-learn' },
    { module: 'scipy', debian: 'python3-scipy' },
  ] as readonly PythonPackage[],
} as const;

/** "numpy, pandas, scikit-learn (import sklearn) and scipy": the supported list in words. */
export function supportedPythonPackages(): string {
  const names = PYTHON_ENVIRONMENT.packages.map((p) => (p.pip ? `${p.pip} (import ${p.module})` : p.module));
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The apt-get command that installs the supported packages. */
export function pythonInstallCommand(): string {
  return `apt-get install -y python3 ${PYTHON_ENVIRONMENT.packages.map((p) => p.debian).join(' ')}`;
}

/**
 * The module a Python run failed to import, read from its stderr
 * (ModuleNotFoundError / ImportError), or undefined.
 */
export function missingPythonModule(stderr: string): string | undefined {
  const m = /(?:ModuleNotFoundError|ImportError): No module named '([^']+)'/.exec(stderr) ?? /ImportError: cannot import name '[^']+' from '([^']+)'/.exec(stderr);
  return m?.[1];
}

/** The problem a run that failed to import gets: the module, and what the grading machine has. */
export function importProblem(module: string): string {
  const top = module.split('.')[0] as string;
  const supported = PYTHON_ENVIRONMENT.packages.some((p) => p.module === top);
  const why = supported ? `"${top}" is supported, but the grading host lacks it: run \`takehome doctor\` there (it names the apt package)` : `"${top}" is not installed on the grading machine`;
  return `the run command could not import the Python module "${module}": ${why}. A Python run gets ${PYTHON_ENVIRONMENT.interpreter} (${PYTHON_ENVIRONMENT.distribution}) with ${supportedPythonPackages()} and the standard library, offline; use only these or put pure-Python code in the submission itself`;
}
