/**
 * Ordinary least squares, small and honest: solves the normal equations (XᵀX) b = Xᵀy by
 * Gaussian elimination with partial pivoting. Fine for a handful of features; a real project
 * with many would use a QR decomposition from a numeric library.
 * @module
 */

/** A fitted linear model. */
export interface LinearFit {
  /** Slope of each feature, in the order given. */
  readonly slopes: number[];
  /** 0 when fitted without an intercept. */
  readonly intercept: number;
  /** Coefficient of determination on the training data. */
  readonly r2: number;
}

/** Fits y ≈ X·slopes + intercept (rows of X are observations). */
export function fitLinearRegression(x: readonly (readonly number[])[], y: readonly number[], fitIntercept: boolean): LinearFit {
  if (x.length !== y.length || x.length === 0) throw new Error(`need as many rows as targets (got ${x.length} and ${y.length})`);
  const design = x.map((row) => (fitIntercept ? [1, ...row] : [...row]));
  const p = design[0]!.length;
  if (x.length < p) throw new Error(`${x.length} rows cannot determine ${p} coefficients`);
  const xtx = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => design.reduce((s, r) => s + r[i]! * r[j]!, 0)));
  const xty = Array.from({ length: p }, (_, i) => design.reduce((s, r, k) => s + r[i]! * y[k]!, 0));
  const beta = solve(xtx, xty);
  const predicted = design.map((r) => r.reduce((s, v, i) => s + v * beta[i]!, 0));
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const ssRes = y.reduce((s, v, i) => s + (v - predicted[i]!) ** 2, 0);
  const ssTot = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { slopes: fitIntercept ? beta.slice(1) : beta, intercept: fitIntercept ? beta[0]! : 0, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

/** Solves a·x = b (a square, non-singular) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) throw new Error("the features are collinear (XᵀX is singular); drop one of them");
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * out[c]!;
    out[r] = s / m[r]![r]!;
  }
  return out;
}
