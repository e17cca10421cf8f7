/**
 * Closed form of gradient descent on a linearized model: with f_lin(theta) = J (theta - theta0)
 * (f(theta0) = 0), loss (1/2n) ||f_lin - y / alpha||^2 and step lr, the displacement after k steps is
 * delta_k = J^T c_k with c_k = K^{-1} (I - (I - lr K / n)^k) y / alpha, K = J J^T; computed in the
 * eigenbasis of K (eigenvalue 0 contributes k lr / n, the limit of the same expression).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

/**
 * delta_k for the Jacobian `jac` (n x P row-major), targets y, scale alpha, step lr, k steps.
 *
 * @example
 * ```ts
 * // one sample, one parameter with gradient 1: delta_k = (1 - (1 - lr)^k) y / alpha
 * linearizedDisplacement(Float64Array.of(1), Float64Array.of(2), 1, 1, 0.5, 1); // [1]
 * ```
 */
export function linearizedDisplacement(
  jac: Float64Array,
  y: Float64Array,
  n: number,
  alpha: number,
  lr: number,
  steps: number,
): Float64Array {
  const size = jac.length / n;
  if (!Number.isInteger(size) || y.length !== n) {
    throw new RangeError(
      `Cannot linearize: the Jacobian must be n x P and y of length n, got ${jac.length} entries, ` +
        `n ${n}, y of length ${y.length}`,
    );
  }
  const rows = Array.from(
    { length: n },
    (_, i) => Array.from(jac.subarray(i * size, (i + 1) * size)),
  );
  const j = new Matrix(rows);
  const k = j.mmul(j.transpose());
  const eig = new EigenvalueDecomposition(k.add(k.transpose()).mul(0.5));
  const v = eig.eigenvectorMatrix;
  const lambda = eig.realEigenvalues;
  const yv = Matrix.columnVector(Array.from(y, (t) => t / alpha));
  const proj = v.transpose().mmul(yv);
  for (let q = 0; q < n; q++) {
    const l = lambda[q]!;
    const factor = Math.abs((lr * l) / n) < 1e-12
      ? (steps * lr) / n
      : (1 - (1 - (lr * l) / n) ** steps) / l;
    proj.set(q, 0, proj.get(q, 0) * factor);
  }
  const c = v.mmul(proj);
  return Float64Array.from(j.transpose().mmul(c).getColumn(0));
}
