// One table of the summary report as a table: its title as the caption, the column headers and
// the row labels from data/labels.json in the reader's language (the JSON keeps the codes), the
// total row at the foot, and under it, when a count is hidden, the footnote that says why.
// A wide table scrolls sideways inside its own box, which the keyboard can reach.
import { labelOf, useLang, useT } from '../lib/i18n.js';
import { shownCount } from '../lib/figures.js';

/* The label group of each table's rows (the server's table_specs say the same). */
export const ROW_GROUPS = {
  cases_by_kind: 'case_kind',
  cases_by_form: 'form',
  cases_by_risk: 'risk_level',
  cases_by_sex_and_age: 'sex',
  repeat_cases: 'report_row',
  referrals_by_service: 'service',
  referrals_by_institution_type: 'institution_type',
  protection_orders: 'order_type',
  meetings_held: 'meeting_kind',
  trainings: 'report_row',
  hate_by_bias: 'bias',
  hate_by_outcome: 'report_row',
  hate_by_municipality: null, // the municipalities' names, as they are
};

export const isHidden = (v) => typeof v === 'string';

/* The table with its words in `lang`: {title, header, columns, rows:[{label, cells}], total}. */
export function labelledTable(table, lang) {
  const group = table.key in ROW_GROUPS ? ROW_GROUPS[table.key] : 'report_row';
  return {
    key: table.key,
    title: labelOf(lang, 'report_table', table.key),
    header: labelOf(lang, 'report_column', table.label_header),
    columns: table.columns.map((c) => labelOf(lang, 'report_column', c)),
    rows: table.rows.map((r) => ({ label: group ? labelOf(lang, group, r.label) : r.label, cells: r.cells })),
    total: table.total ? { label: labelOf(lang, 'report_column', 'total'), cells: table.total.cells } : null,
    hides: [...table.rows, table.total].some((r) => r?.cells.some(isHidden)),
  };
}

function Cell({ value }) {
  const t = useT();
  const lang = useLang();
  if (!isHidden(value)) return <td class="num">{value}</td>;
  return (
    <td class="num num--hidden">
      {shownCount(value, lang)}
      <span class="visually-hidden"> ({t('report.hidden_cell')})</span>
    </td>
  );
}

/* `table` as labelledTable() gives it. */
export function ReportTable({ table: l, id }) {
  const t = useT();
  return (
    <>
      <div class="table-scroll" role="region" tabIndex={0} aria-label={t('report.table_of', { title: l.title })}>
        <table class="table table--report" id={id}>
          <caption id={`${id}-caption`}>{l.title}</caption>
          <thead>
            <tr>
              <th scope="col">{l.header}</th>
              {l.columns.map((c) => (
                <th scope="col" class="num">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {l.rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                {r.cells.map((v) => (
                  <Cell value={v} />
                ))}
              </tr>
            ))}
          </tbody>
          {l.total && (
            <tfoot>
              <tr>
                <th scope="row">{l.total.label}</th>
                {l.total.cells.map((v) => (
                  <Cell value={v} />
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      {l.hides && (
        <p class="table-note" id={`${id}-note`}>
          {t('report.small_cells_note')}
        </p>
      )}
    </>
  );
}
