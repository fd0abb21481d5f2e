import type { Matrix } from './features';

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS). Hand-written
 * on purpose: npm has no well-kept logistic-regression package worth a dependency
 * (the candidates are unmaintained or pull in a whole tensor runtime), and Newton
 * on ~100 standardised features converges in a handful of steps. The intercept is
 * not penalised. Rows are mostly one-hot zeros, so each row only touches its
 * non-zero columns when the Hessian is accumulated.
 */

export interface LogisticModel {
  /** Intercept first, then one weight per column. */
  weights: Float64Array;
  iterations: number;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the intercept). */
  l2?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Per-row weights (a weight of 3 is three copies of the row). */
  sampleWeight?: ArrayLike<number>;
  /** Start from these weights (a warm start; the problem is convex, so only the speed changes). */
  initialWeights?: Float64Array;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Solve A x = b for a symmetric positive definite A (n x n, row-major) by Cholesky. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
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

export function linearPredictor(model: LogisticModel, m: Matrix): Float64Array {
  const w = model.weights;
  const z = new Float64Array(m.n);
  for (let r = 0; r < m.n; r++) {
    let s = w[0] as number;
    const base = r * m.d;
    for (let j = 0; j < m.d; j++) {
      const v = m.x[base + j] as number;
      if (v !== 0) s += (w[j + 1] as number) * v;
    }
    z[r] = s;
  }
  return z;
}

export function predictProbabilities(model: LogisticModel, m: Matrix): Float64Array {
  return linearPredictor(model, m).map(sigmoid);
}

/** Penalised negative log-likelihood: what each Newton step must lower. */
function objective(m: Matrix, y: ArrayLike<number>, w: Float64Array, l2: number, sw: ArrayLike<number> | undefined): number {
  let loss = 0;
  for (let r = 0; r < m.n; r++) {
    const base = r * m.d;
    let z = w[0] as number;
    for (let j = 0; j < m.d; j++) {
      const v = m.x[base + j] as number;
      if (v !== 0) z += (w[j + 1] as number) * v;
    }
    // log(1 + e^z) - y z, computed without overflow.
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += (sw ? (sw[r] as number) : 1) * (softplus - (y[r] as number) * z);
  }
  let penalty = 0;
  for (let i = 1; i < w.length; i++) penalty += (w[i] as number) ** 2;
  return loss + 0.5 * l2 * penalty;
}

export function fitLogistic(m: Matrix, y: ArrayLike<number>, options: FitOptions = {}): LogisticModel {
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-6;
  const sw = options.sampleWeight;
  const d = m.d + 1;
  let w = new Float64Array(d);
  let totalWeight = 0;
  let positiveWeight = 0;
  for (let r = 0; r < m.n; r++) {
    const weight = sw ? (sw[r] as number) : 1;
    totalWeight += weight;
    positiveWeight += weight * (y[r] as number);
  }
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positiveWeight / Math.max(1e-12, totalWeight)));
  w[0] = Math.log(rate / (1 - rate));
  if (options.initialWeights?.length === d) w = options.initialWeights.slice();
  let current = objective(m, y, w, l2, sw);

  const nz = new Int32Array(d);
  const vals = new Float64Array(d);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const h = new Float64Array(d * d);
    const g = new Float64Array(d);
    for (let r = 0; r < m.n; r++) {
      const base = r * m.d;
      let count = 1;
      nz[0] = 0;
      vals[0] = 1;
      let z = w[0] as number;
      for (let j = 0; j < m.d; j++) {
        const v = m.x[base + j] as number;
        if (v === 0) continue;
        nz[count] = j + 1;
        vals[count] = v;
        count += 1;
        z += (w[j + 1] as number) * v;
      }
      const p = sigmoid(z);
      const weight = sw ? (sw[r] as number) : 1;
      const resid = weight * ((y[r] as number) - p);
      const curvature = weight * p * (1 - p);
      for (let a = 0; a < count; a++) {
        const i = nz[a] as number;
        const xi = vals[a] as number;
        g[i]! += resid * xi;
        const ci = curvature * xi;
        const rowOffset = i * d;
        for (let b = 0; b <= a; b++) h[rowOffset + (nz[b] as number)]! += ci * (vals[b] as number);
      }
    }
    // Only the lower triangle was filled (nz is increasing); mirror it and add the penalty.
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) h[j * d + i] = h[i * d + j] as number;
      if (i > 0) {
        h[i * d + i]! += l2;
        g[i]! -= l2 * (w[i] as number);
      } else {
        h[0]! += 1e-9;
      }
    }
    const step = solveSpd(h, g, d);
    // Damped Newton: halve the step until the objective goes down (near-separable data
    // otherwise overshoots and diverges).
    let t = 1;
    let next = w;
    let value = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 30; tries++, t /= 2) {
      next = w.map((v, i) => v + t * (step[i] as number));
      value = objective(m, y, next, l2, sw);
      if (value <= current) break;
    }
    if (!(value <= current)) break;
    let largest = 0;
    for (let i = 0; i < d; i++) largest = Math.max(largest, Math.abs(t * (step[i] as number)));
    w = next;
    const improvement = current - value;
    current = value;
    if (largest < tolerance || improvement < 1e-9 * Math.max(1, Math.abs(current))) {
      iterations += 1;
      break;
    }
  }
  return { weights: w, iterations };
}

/** Platt scaling: p = sigmoid(a * z + b), fitted on held-out linear predictors z by Newton's method. */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 1e-9;
    let h01 = 0;
    let h11 = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i] as number;
      const p = sigmoid(a * zi + b);
      const r = (y[i] as number) - p;
      const c = p * (1 - p);
      g0 += r * zi;
      g1 += r;
      h00 += c * zi * zi;
      h01 += c * zi;
      h11 += c;
    }
    const det = h00 * h11 - h01 * h01;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}
