import type { ComponentChildren } from "preact";

/** One column of a DataTable. */
export interface Column<T> {
  /** Header text; narrow screens show it beside each cell (data-label). */
  header: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** data-count of the cells, for tests and styling. */
  count?: string;
  cell(row: T): ComponentChildren;
}

interface Props<T> {
  rows: T[];
  /** The first column heads each row. */
  columns: Column<T>[];
  /** Read by screen readers only. */
  caption: string;
  /** Extra class of the table, e.g. "tags-table". */
  kind: string;
  rowKey(row: T): string;
  /** data-* attributes of each row, for tests and styling. */
  rowData?(row: T): Record<string, string>;
}

/** The dashboard's tables: one row per item, the first cell as the row header, stacked on narrow screens. */
export function DataTable<T>({ rows, columns, caption, kind, rowKey, rowData }: Props<T>) {
  const [head, ...rest] = columns;
  return (
    <table class={`data-table ${kind}`}>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" class={column.numeric ? "num" : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowData?.(row)}>
            <th scope="row" data-label={head.header}>
              {head.cell(row)}
            </th>
            {rest.map((column) => (
              <td
                key={column.header}
                data-label={column.header}
                class={column.numeric ? "num" : undefined}
                data-count={column.count}
              >
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
