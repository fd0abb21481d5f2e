/** The logistic function 1 / (1 + e^-x): log-odds to probability. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Log-odds ln(p / (1 - p)), with p clipped to [1e-9, 1 - 1e-9] so 0 and 1 stay finite. */
export function logit(p: number): number {
  const c = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(c / (1 - c));
}

function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  return l;
}

/** Solve a x = b for a symmetric positive-definite n x n matrix (row-major), by Cholesky. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = cholesky(a, n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = s / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}

/**
 * A ridge-penalised logistic regression fitted by a fixed number of full
 * Newton steps from zero, for the harness's own measurements and tests (e.g.
 * that an honest model finds the signal in a generated dataset). `xs` are
 * rows of features; an unpenalised intercept is added. Returns the weights,
 * intercept first (use predictLogit).
 */
export function fitLogistic(xs: readonly Float64Array[], y: ArrayLike<number>, ridge = 1, iterations = 8): Float64Array {
  const d = (xs[0]?.length ?? 0) + 1;
  let w = new Float64Array(d);
  for (let iter = 0; iter < iterations; iter++) {
    const h = new Float64Array(d * d);
    const g = new Float64Array(d);
    for (let r = 0; r < xs.length; r++) {
      const x = xs[r] as Float64Array;
      const p = sigmoid(predictLogit(w, x));
      const resid = (y[r] as number) - p;
      const weight = p * (1 - p);
      for (let i = 0; i < d; i++) {
        const xi = i === 0 ? 1 : (x[i - 1] as number);
        g[i]! += resid * xi;
        for (let j = 0; j <= i; j++) h[i * d + j]! += weight * xi * (j === 0 ? 1 : (x[j - 1] as number));
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) h[j * d + i] = h[i * d + j] as number;
      if (i > 0) {
        h[i * d + i]! += ridge;
        g[i]! -= ridge * (w[i] as number);
      }
    }
    const step = solve(h, g, d);
    w = w.map((v, i) => v + (step[i] as number));
  }
  return w;
}

/** The fitted log-odds w0 + w1 x1 + ... for one row of features (weights from fitLogistic, intercept first). */
export function predictLogit(w: Float64Array, x: Float64Array): number {
  let z = w[0] as number;
  for (let j = 1; j < w.length; j++) z += (w[j] as number) * (x[j - 1] as number);
  return z;
}
