// A column header that sorts its table: a button in the header cell, and aria-sort on the cell
// so a screen reader says which column orders the rows and which way (after the GOV.UK
// Design System's sortable table).

export function SortHeader({ name, label, sort, dir, onSort, num }) {
  const active = sort === name;
  const next = active && dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" class={num ? 'num' : undefined} aria-sort={active ? (dir === 'desc' ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="sort-button" onClick={() => onSort(name, next)}>
        {label}
        <span class="sort-mark" aria-hidden="true">
          {active ? (dir === 'desc' ? '▼' : '▲') : '⇅'}
        </span>
      </button>
    </th>
  );
}

/* Rows sorted by `key(row)` (numbers, or strings compared in `lang`), ties by `tie(row)`. */
export function sortRows(rows, key, dir, lang, tie) {
  const sign = dir === 'desc' ? -1 : 1;
  const cmp = (a, b) => (typeof a === 'string' || typeof b === 'string' ? String(a).localeCompare(String(b), lang) : a - b);
  return rows
    .map((r) => ({ r, k: key(r), t: tie ? tie(r) : '' }))
    .sort((x, y) => sign * cmp(x.k, y.k) || String(x.t).localeCompare(String(y.t), lang))
    .map((x) => x.r);
}
