// Form controls after the GOV.UK Design System: a label above every field, a hint under the
// label, the error message beside the field, and the summary of errors at the top linking to
// each. Every control has a real <label> or a <fieldset> with a <legend>.
import { useEffect, useRef, useState } from 'preact/hooks';
import { fieldId } from '../lib/form.js';
import { useT } from '../lib/i18n.js';

function describedBy(id, hint, error) {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

function Hint({ id, hint }) {
  return hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null;
}
function FieldError({ id, error }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      <span class="visually-hidden">{useT()('form.error_prefix')} </span>
      {error}
    </p>
  ) : null;
}

// A labelled field: the label, its hint and its error above the control.
function Labelled({ id, label, hint, error, children }) {
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      {children}
    </div>
  );
}

export function TextInput({ name, label, hint, error, value, onValue, type = 'text', width, ...rest }) {
  const id = fieldId(name);
  return (
    <Labelled id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={name}
        type={type}
        class={width ? `input input--${width}` : 'input'}
        value={value ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(e) => onValue(e.currentTarget.value)}
        {...rest}
      />
    </Labelled>
  );
}

export function TextArea({ name, label, hint, error, value, onValue, rows = 4, ...rest }) {
  const id = fieldId(name);
  return (
    <Labelled id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        class="input"
        rows={rows}
        value={value ?? ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onInput={(e) => onValue(e.currentTarget.value)}
        {...rest}
      />
    </Labelled>
  );
}

/* options: [{value, label}]; `placeholder` adds an empty first choice. */
export function Select({ name, label, hint, error, value, onValue, options, placeholder, numeric }) {
  const id = fieldId(name);
  return (
    <Labelled id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        class="input"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => {
          const v = e.currentTarget.value;
          onValue(numeric && v !== '' ? Number(v) : v);
        }}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option value={o.value} selected={String(o.value) === String(value ?? '')} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

function Group({ name, legend, hint, error, children, small }) {
  const id = fieldId(name);
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <fieldset id={id} tabIndex={-1} aria-describedby={describedBy(id, hint, error)}>
        <legend class={small ? 'legend legend--small' : 'legend'}>{legend}</legend>
        <Hint id={id} hint={hint} />
        <FieldError id={id} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

/* A group of check boxes whose value is the list of ticked codes. */
export function Checkboxes({ name, legend, hint, error, value = [], onValue, options, columns }) {
  const id = fieldId(name);
  const toggle = (code, on) =>
    onValue(on ? [...value.filter((c) => c !== code), code] : value.filter((c) => c !== code));
  return (
    <Group name={name} legend={legend} hint={hint} error={error}>
      <div class={`choices${columns ? ' choices--columns' : ''}`}>
        {options.map((o) => (
          <div class="choice">
            <input
              type="checkbox"
              id={`${id}-${o.value}`}
              name={name}
              value={o.value}
              checked={value.includes(o.value)}
              disabled={o.disabled}
              aria-describedby={o.note ? `${id}-${o.value}-note` : undefined}
              onChange={(e) => toggle(o.value, e.currentTarget.checked)}
            />
            <label for={`${id}-${o.value}`}>{o.label}</label>
            {o.note && (
              <span class="choice-note" id={`${id}-${o.value}-note`}>
                {o.note}
              </span>
            )}
          </div>
        ))}
      </div>
    </Group>
  );
}

export function Radios({ name, legend, hint, error, value, onValue, options, inline }) {
  const id = fieldId(name);
  return (
    <Group name={name} legend={legend} hint={hint} error={error}>
      <div class={`choices${inline ? ' choices--inline' : ''}`}>
        {options.map((o) => (
          <div class="choice">
            <input
              type="radio"
              id={`${id}-${o.value}`}
              name={name}
              value={String(o.value)}
              checked={value === o.value}
              onChange={() => onValue(o.value)}
            />
            <label for={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </Group>
  );
}

export function Checkbox({ name, label, hint, error, value, onValue }) {
  const id = fieldId(name);
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <FieldError id={id} error={error} />
      <div class="choice">
        <input
          type="checkbox"
          id={id}
          name={name}
          checked={!!value}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(e) => onValue(e.currentTarget.checked)}
        />
        <label for={id}>{label}</label>
      </div>
      <Hint id={id} hint={hint} />
    </div>
  );
}

const pad2 = (s) => (s.length === 1 ? `0${s}` : s);
function joinDate(p) {
  return p.year || p.month || p.day ? `${p.year}-${pad2(p.month)}-${pad2(p.day)}` : '';
}
function splitDate(v) {
  const m = /^(\d*)-(\d*)-(\d*)$/.exec(v || '');
  return m ? { year: m[1], month: m[2], day: m[3] } : { year: '', month: '', day: '' };
}

/*
 * A date as day, month and year boxes (dd.mm.yyyy, as the mechanisms write it). The value is
 * 'YYYY-MM-DD'; a half-typed date is passed on as it is so the server names what is wrong.
 */
export function DateInput({ name, legend, hint, error, value, onValue }) {
  const t = useT();
  const id = fieldId(name);
  const [parts, setParts] = useState(() => splitDate(value));
  // Follow a value set from outside (a reset); typing gives back what the boxes hold.
  useEffect(() => {
    if ((value || '') !== joinDate(parts)) setParts(splitDate(value));
  }, [value]);
  const change = (key, v) => {
    const next = { ...parts, [key]: v.replace(/\D/g, '') };
    setParts(next);
    onValue(joinDate(next));
  };
  const box = (key, size, label) => (
    <div class="date-part">
      <label for={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        class={`input input--${size}`}
        inputMode="numeric"
        maxLength={size === 'year' ? 4 : 2}
        value={parts[key]}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => change(key, e.currentTarget.value)}
      />
    </div>
  );
  return (
    <Group name={name} legend={legend} hint={hint ?? t('form.date_hint')} error={error} small>
      <div class="date-input">
        {box('day', 'day', t('form.day'))}
        {box('month', 'month', t('form.month'))}
        {box('year', 'year', t('form.year'))}
      </div>
    </Group>
  );
}

/*
 * The errors of a refused form, at its top: focused when it appears so a screen reader reads
 * it, each message a link that moves focus to its field. `labels` maps a path to the field's
 * name so the message says which field it is about.
 */
export function ErrorSummary({ errors, labels = {}, prefix }) {
  const t = useT();
  const ref = useRef(null);
  const entries = Object.entries(errors || {});
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [errors]);
  if (!entries.length) return null;
  const idOf = (path) => fieldId(prefix ? `${prefix}.${path}` : path);
  const focus = (path) => (e) => {
    e.preventDefault();
    const el = document.getElementById(idOf(path));
    const target = el?.matches('fieldset') ? el.querySelector('input, select, textarea') || el : el;
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  };
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.error_summary')}</h2>
      <ul>
        {entries.map(([path, message]) => (
          <li>
            <a href={`#${idOf(path)}`} onClick={focus(path)}>
              {labels[path] ? `${labels[path]}: ` : ''}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
