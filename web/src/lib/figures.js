// Figures of the reports as each language writes them (12,5% in sq and sr-Latn, 12.5% in en),
// and the order of figures some of which the server hid ("suppressed": a small count, or one
// hidden with it, of any size).
import { labelOf } from './i18n.js';

const percents = new Map();

/* A count as the reader sees it: a number, or for a hidden one the label of "suppressed". */
export function shownCount(v, lang) {
  return typeof v === 'string' ? labelOf(lang, 'report_cell', v) : v;
}

/* 0.125 → '12,5%' in `lang`; '—' when there is no share (nothing to divide). */
export function formatPercent(share, lang) {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  if (!percents.has(lang)) percents.set(lang, new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }));
  return percents.get(lang).format(share);
}

/* A count for sorting: a hidden one may be small or large, so it sorts as unknown, after none
 * at all and before every count shown. */
export function countKey(v) {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return -0.5;
  return -1;
}
