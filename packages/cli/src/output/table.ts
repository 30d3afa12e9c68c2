/** Visible width of a cell: code points, so `→` counts as one column. */
function width(text: string): number {
  return [...text].length
}

/** One line per cell value: tabs and newlines would break the columns. */
function clean(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ')
}

/**
 * Renders rows as a plain-text table: a header row, then one line per row, columns separated by
 * two spaces and padded to the widest cell. The last column is not padded (no trailing spaces).
 * Ends with a newline.
 */
export function renderTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [columns, ...rows].map((row) => columns.map((_, index) => clean(row[index] ?? '')))
  const widths = columns.map((_, index) => Math.max(...cells.map((row) => width(row[index] as string))))
  return cells
    .map((row) =>
      row
        .map((cell, index) =>
          index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] as number) - width(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n')
}

/** Renders `label  value` pairs, labels padded to one width. Pairs with an undefined value are left out. */
export function renderDetails(pairs: readonly (readonly [string, string | undefined])[]): string {
  const present = pairs.filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
  const labelWidth = Math.max(0, ...present.map(([label]) => width(label)))
  return present
    .map(([label, value]) => `${label}${' '.repeat(labelWidth - width(label))}  ${clean(value)}`)
    .join('\n')
    .concat('\n')
}
