/**
 * A design matrix for logistic regression: an implicit intercept, sparse columns in CSR form
 * (one-hot attribute levels: one non-zero per attribute per row) and dense numeric columns.
 *
 * Coefficient order everywhere: `[intercept, sparse columns…, dense columns…]`.
 */
export interface Design {
  /** Number of rows (leads, or distinct patterns when aggregated). */
  rows: number;
  /** Column names, intercept first: `names.length = 1 + sparseCols + denseCols`. */
  names: string[];
  /** Number of sparse columns. */
  sparseCols: number;
  /** CSR storage of the sparse part; column indices run 0…sparseCols−1. */
  sparse?: {
    /** Row pointers, length rows + 1: row i holds entries rowPtr[i] … rowPtr[i+1]−1. */
    rowPtr: Int32Array;
    /** Column index of each entry. */
    colIdx: Int32Array;
    /** Value of each entry; omitted when every stored value is 1 (one-hot). */
    values?: Float64Array;
  };
  /** Number of dense columns. */
  denseCols: number;
  /** Dense part, row-major: value of dense column j in row i at `dense[i * denseCols + j]`. */
  dense?: Float64Array;
}

/**
 * Builds a dense design from named numeric columns (the intercept is added implicitly).
 *
 * @example
 * const d = denseDesign({ x1: [0.5, 1.2], x2: [3, 4] });
 * d.names; // → ["const", "x1", "x2"]
 */
export function denseDesign(columns: Record<string, ArrayLike<number>>, intercept = "const"): Design {
  const names = Object.keys(columns);
  const rows = names.length ? columns[names[0]].length : 0;
  const width = names.length;
  const dense = new Float64Array(rows * width);
  names.forEach((name, j) => {
    const col = columns[name];
    if (col.length !== rows) throw new Error(`denseDesign: column ${name} has ${col.length} rows, expected ${rows}`);
    for (let i = 0; i < rows; i++) dense[i * width + j] = col[i];
  });
  return { rows, names: [intercept, ...names], sparseCols: 0, denseCols: width, dense };
}

/**
 * Builds a reference-coded one-hot design from categorical columns: for each attribute, every level
 * but the reference becomes a sparse column `attr[level]`; a row at the reference level stores nothing.
 *
 * @param codes per attribute, the level index of each row (0 = reference).
 * @param levels per attribute, the level names in index order (levels[0] is the reference).
 * @example
 * const d = oneHotDesign({ a: [0, 1, 2] }, { a: ["A0", "A1", "A2"] });
 * d.names; // → ["const", "a[A1]", "a[A2]"]
 */
export function oneHotDesign(
  codes: Record<string, ArrayLike<number>>,
  levels: Record<string, string[]>,
  intercept = "const",
): Design {
  const attrs = Object.keys(codes);
  const rows = attrs.length ? codes[attrs[0]].length : 0;
  const names = [intercept];
  const offset: number[] = [];
  for (const a of attrs) {
    offset.push(names.length - 1);
    for (const level of levels[a].slice(1)) names.push(`${a}[${level}]`);
  }
  const rowPtr = new Int32Array(rows + 1);
  const tmp: number[] = [];
  for (let i = 0; i < rows; i++) {
    attrs.forEach((a, k) => {
      const c = codes[a][i];
      if (c > 0) tmp.push(offset[k] + c - 1);
    });
    rowPtr[i + 1] = tmp.length;
  }
  return { rows, names, sparseCols: names.length - 1, sparse: { rowPtr, colIdx: Int32Array.from(tmp) }, denseCols: 0 };
}

/** Number of coefficients of a design (intercept included). */
export function width(design: Design): number {
  return 1 + design.sparseCols + design.denseCols;
}

/**
 * Visits the non-zero entries of row `i` (intercept first) by filling `idx`/`val` and returning the count.
 * Shared by the gradient, the information matrix and prediction so they agree on the layout.
 */
export function rowEntries(design: Design, i: number, idx: Int32Array, val: Float64Array): number {
  idx[0] = 0;
  val[0] = 1;
  let k = 1;
  const sp = design.sparse;
  if (sp) {
    for (let e = sp.rowPtr[i]; e < sp.rowPtr[i + 1]; e++, k++) {
      idx[k] = 1 + sp.colIdx[e];
      val[k] = sp.values ? sp.values[e] : 1;
    }
  }
  const d = design.denseCols;
  if (d) {
    const base = 1 + design.sparseCols;
    const row = i * d;
    for (let j = 0; j < d; j++, k++) {
      idx[k] = base + j;
      val[k] = design.dense![row + j];
    }
  }
  return k;
}

/** The largest number of entries any row can have (intercept included): sizes the row buffers. */
export function maxRowEntries(design: Design): number {
  let most = 0;
  const sp = design.sparse;
  if (sp) for (let i = 0; i < design.rows; i++) most = Math.max(most, sp.rowPtr[i + 1] - sp.rowPtr[i]);
  return 1 + most + design.denseCols;
}

/**
 * Linear predictor η = X·b for every row.
 *
 * @example
 * linearPredictor(denseDesign({ x: [0, 2] }), [1, 0.5]); // → Float64Array [1, 2]
 */
export function linearPredictor(design: Design, coef: ArrayLike<number>): Float64Array {
  const eta = new Float64Array(design.rows);
  const idx = new Int32Array(maxRowEntries(design));
  const val = new Float64Array(idx.length);
  for (let i = 0; i < design.rows; i++) {
    const k = rowEntries(design, i, idx, val);
    let s = 0;
    for (let e = 0; e < k; e++) s += coef[idx[e]] * val[e];
    eta[i] = s;
  }
  return eta;
}
