import { describe, expect, it } from 'vitest';
import { PYTHON_ENVIRONMENT } from '../../graders/ml/environment';
import { mlDoctor } from './doctor';

describe('ML doctor', () => {
  it('checks python3 and every supported package inside the sandbox, naming the apt package when one is missing', async () => {
    const checks = await mlDoctor();
    expect(checks[0]!.check).toBe('python3 for Python runs');
    if (!checks[0]!.ok) {
      expect(checks[0]!.fix).toMatch(/apt-get install -y python3 python3-numpy python3-pandas python3-sklearn python3-scipy/);
      return;
    }
    expect(checks.slice(1).map((c) => c.check)).toEqual(PYTHON_ENVIRONMENT.packages.map((p) => `Python package ${p.pip ?? p.module}`));
    for (const [i, c] of checks.slice(1).entries()) {
      if (c.ok) expect(c.detail).toMatch(/^import \w+: \S+/);
      else expect(c.fix).toBe(`apt-get update && apt-get install -y ${PYTHON_ENVIRONMENT.packages[i]!.debian}`);
    }
  });
});
