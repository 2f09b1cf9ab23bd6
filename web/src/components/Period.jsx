// A period as two dates, "from" and "to", in one group with one hint (reports, the audit log).
import { fieldId } from '../lib/form.js';
import { DateInput } from './Form.jsx';

/* values: {from, to}; set(k) returns the setter of k; errors by field name. */
export function Period({ legend, hint, values, set, errors, fromLabel, toLabel }) {
  const id = fieldId('period');
  return (
    <div class="field period">
      <fieldset id={id} aria-describedby={hint ? `${id}-hint` : undefined}>
        <legend class="legend legend--small">{legend}</legend>
        {hint && (
          <p class="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        <div class="period-dates">
          <DateInput name="from" legend={fromLabel} hint="" value={values.from} onValue={set('from')} error={errors.from} />
          <DateInput name="to" legend={toLabel} hint="" value={values.to} onValue={set('to')} error={errors.to} />
        </div>
      </fieldset>
    </div>
  );
}
