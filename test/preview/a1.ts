/** "B3" → {sheet, row: 2, col: 1} for engine-level tests. */
export function a1(ref: string, sheet = 0): { sheet: number; row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`not an A1 reference: ${ref}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { sheet, row: Number(m[2]) - 1, col: col - 1 };
}
