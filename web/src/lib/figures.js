// Figures of the reports as each language writes them (12,5% in sq and sr-Latn, 12.5% in en),
// and the order of figures some of which the server hid as small counts ("<5").

const percents = new Map();

/* 0.125 → '12,5%' in `lang`; '—' when there is no share (nothing to divide). */
export function formatPercent(share, lang) {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  if (!percents.has(lang)) percents.set(lang, new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }));
  return percents.get(lang).format(share);
}

/* A count for sorting: a hidden one ("<5") lies between 0 and 5; none at all sorts first. */
export function countKey(v) {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return 2.5;
  return -1;
}
