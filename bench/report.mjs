// Pure rendering of benchmark rows: one markdown table per corpus size, a row per measurement, a column per shape,
// each cell the figure and its verdict, so what holds on which shape shows at a glance.

const sizeLabel = (size) => `${Number(size).toLocaleString('en-US')} notes`;

/** Pure: markdown tables of the budget rows (rows with a shape and a size). */
export function renderBudgetTables(rows) {
  const budgetRows = rows.filter((row) => row.shape !== undefined && row.size !== undefined);
  const sizes = [...new Set(budgetRows.map((row) => row.size))].sort((a, b) => a - b);
  const out = [];
  for (const size of sizes) {
    const here = budgetRows.filter((row) => row.size === size);
    const shapes = [...new Set(here.map((row) => row.shape))];
    // Figures with a budget first, then peak memory (rows named rss-*), each in the order measured.
    const all = [...new Set(here.map((row) => row.name))];
    const names = [...all.filter((name) => !name.startsWith('rss-')), ...all.filter((name) => name.startsWith('rss-'))];
    out.push(`\n### ${sizeLabel(size)}\n`);
    out.push(`| measure | budget | ${shapes.join(' | ')} |`);
    out.push(`|---|---|${shapes.map(() => '---').join('|')}|`);
    for (const name of names) {
      const first = here.find((row) => row.name === name);
      const cells = shapes.map((shape) => {
        const row = here.find((r) => r.name === name && r.shape === shape);
        if (!row) return '';
        return row.verdict === 'info' ? row.display : `${row.display} ${row.verdict}`;
      });
      out.push(`| ${first.label} | ${first.budget?.display ?? '—'} | ${cells.join(' | ')} |`);
    }
  }
  return out.join('\n');
}

/** Pure: how many rows failed their budget, and which. */
export function summarise(rows) {
  const failed = rows.filter((row) => row.verdict === 'FAIL');
  const judged = rows.filter((row) => row.verdict === 'PASS' || row.verdict === 'FAIL');
  return {
    judged: judged.length,
    failed: failed.length,
    lines: failed.map(
      (row) => `${row.shape ?? row.suite} ${row.size ? `${row.size} ` : ''}${row.label}: ${row.display} (budget ${row.budget?.display ?? '?'})`,
    ),
  };
}

/** Pure: rows of two result files side by side, matched by suite, shape, size and name. */
export function compareRows(before, after) {
  const key = (row) => [row.suite, row.shape ?? '', row.size ?? '', row.name].join('|');
  const old = new Map(before.map((row) => [key(row), row]));
  const lines = ['| suite | shape | size | measure | before | after | change |', '|---|---|---|---|---|---|---|'];
  for (const row of after) {
    const prev = old.get(key(row));
    if (!prev) continue;
    const change =
      typeof prev.value === 'number' && typeof row.value === 'number' && prev.value !== 0
        ? `${(((row.value - prev.value) / prev.value) * 100).toFixed(0)} %`
        : '';
    const cell = (r) => (r.verdict === 'info' ? r.display : `${r.display} ${r.verdict}`);
    lines.push(`| ${row.suite} | ${row.shape ?? ''} | ${row.size ?? ''} | ${row.label ?? row.name} | ${cell(prev)} | ${cell(row)} | ${change} |`);
  }
  return lines.join('\n');
}
