/**
 * A line diff (longest common subsequence) between the drafted and the approver's edited text,
 * kept on the Review so anyone can see what Dani changed. Drafts are short (≤ 300 words), so the
 * quadratic table is tiny; inputs are capped to keep it so.
 */
export type DiffOp = { op: "same" | "add" | "del"; line: string };

export const MAX_DIFF_LINES = 400;

export function lineDiff(before: string, after: string): DiffOp[] {
  const a = before.split("\n").slice(0, MAX_DIFF_LINES);
  const b = after.split("\n").slice(0, MAX_DIFF_LINES);
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: "same", line: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: "del", line: a[i++] });
    } else {
      out.push({ op: "add", line: b[j++] });
    }
  }
  while (i < n) out.push({ op: "del", line: a[i++] });
  while (j < m) out.push({ op: "add", line: b[j++] });
  return out;
}

export function hasChanges(ops: DiffOp[]): boolean {
  return ops.some((o) => o.op !== "same");
}
