// What the administrator's screens share: reading one record of the directory (or none, for a
// new one), saving it (POST for a new one, PATCH for a change), the form's frame with its error
// summary, the message on the list the form returns to, and the lists as tables. Values go to the server as typed;
// its rules and messages (in the user's language) are shown beside the fields they name.
import { useEffect, useState } from 'preact/hooks';
import { api, getAll } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { setFlash, takeFlash } from '../lib/flash.js';
import { useT } from '../lib/i18n.js';
import { navigate } from '../lib/router.js';
import { ErrorSummary } from '../components/Form.jsx';
import { Loading, Notice, Page, Problem } from '../components/Common.jsx';

/* '' → null (an optional field emptied), trimmed text otherwise. */
export function nullable(v) {
  const s = typeof v === 'string' ? v.trim() : v;
  return s === '' || s === undefined ? null : s;
}
/* A whole number typed in a box as a number; anything else as typed, so the server names it. */
export function wholeNumber(v) {
  const s = String(v ?? '').trim();
  if (s === '') return null;
  return /^-?\d+$/.test(s) ? Number(s) : s;
}
/* For a new record, the body without its empty values (the server applies its defaults). */
export function withoutEmpty(body) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== '' && v !== undefined));
}

export async function saveRecord(path, id, body) {
  return id ? api.patch(`${path}/${id}`, body) : api.post(path, withoutEmpty(body));
}

/* The record at `${path}/${id}`, or {data: null} at once for a new one ('new'). */
export function useRecord(path, id) {
  const isNew = id === 'new' || !id;
  const record = useFetch(() => (isNew ? Promise.resolve(null) : api.get(`${path}/${id}`)), [path, id]);
  return { ...record, isNew };
}

/* Every item of a directory list, for choices in a form. */
export function useAll(path, params = {}) {
  return useFetch(() => getAll(path, params), [path, JSON.stringify(params)]);
}

/* Back to the list, which then says what was saved. */
export function savedTo(listPath, name) {
  setFlash({ kind: 'saved', name });
  // Saved on the screen it returns to (a record's own page): nothing remounts, so tell its
  // SavedNotice to take the message now.
  if (window.location.hash === `#${listPath}`) window.dispatchEvent(new Event('ura-saved'));
  else navigate(listPath);
}

export function SavedNotice() {
  const t = useT();
  const [flash, setFlashShown] = useState(takeFlash);
  useEffect(() => {
    const take = () => setFlashShown(takeFlash());
    window.addEventListener('ura-saved', take);
    return () => window.removeEventListener('ura-saved', take);
  }, []);
  if (flash?.kind !== 'saved') return null;
  return <Notice kind="success" role="status" title={t('admin.saved', { name: flash.name })} />;
}

/* A page that waits for its record and the lists its form chooses from. */
export function EditFrame({ title, subtitle, loads, children }) {
  const error = loads.find((l) => l.error)?.error;
  return (
    <Page title={title} subtitle={subtitle}>
      {error ? <Problem error={error} /> : loads.some((l) => l.loading && !l.data) ? <Loading /> : children()}
    </Page>
  );
}

/* A record's form: the problem and the error summary above, save and cancel below (`cancel`:
 * the address to go back to, or what to do; none without it). */
export function RecordForm({ form, onSave, labels, submit, cancel, children }) {
  const t = useT();
  return (
    <>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} labels={labels} />
      <form class="record-form" onSubmit={form.submit(onSave)} noValidate>
        {children}
        <div class="button-row">
          <button class="button" type="submit" disabled={form.busy}>
            {submit}
          </button>
          {!cancel ? null : typeof cancel === 'function' ? (
            <button class="button button--secondary" type="button" onClick={cancel}>
              {t('common.cancel')}
            </button>
          ) : (
            <a class="button button--secondary" href={cancel}>
              {t('common.cancel')}
            </a>
          )}
        </div>
      </form>
    </>
  );
}

/* A button that asks once more before it acts: the question, then yes or no. */
/* `label` is the button's text; `name`, when the button needs more to be told apart from its
 * neighbours (which file it deletes), is its accessible name, starting with the label. */
export function ConfirmButton({ label, name = label, question, yes, onConfirm, kind = 'warning' }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const act = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      setAsking(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!asking)
    return (
      <>
        <button class={`button button--${kind} button--small`} type="button" onClick={() => setAsking(true)}
          aria-label={name === label ? undefined : name}>
          {label}
        </button>
        <Problem error={error} />
      </>
    );
  return (
    <div class="confirm" role="group" aria-label={name}>
      <p>{question}</p>
      <div class="button-row">
        <button class={`button button--${kind}`} type="button" onClick={act} disabled={busy}>
          {yes}
        </button>
        <button class="button button--secondary" type="button" onClick={() => setAsking(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <Problem error={error} />
    </div>
  );
}

/*
 * A directory's list as a table (cards on a phone). `columns` are [heading, cell(row)]; the
 * first column's cell links to `link(row)`. A problem, the loading or an empty list is said in
 * its place; `count` (when given) says how many rows are shown, above the table.
 */
export function RecordTable({ error, loaded, rows, caption, link, columns, count }) {
  const t = useT();
  if (error) return <Problem error={error} />;
  if (!loaded) return <Loading />;
  if (!rows.length) return <p class="empty">{t('admin.none')}</p>;
  return (
    <>
      {count && <p class="result-count">{count}</p>}
      <table class="table table--cards">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map(([heading]) => (
              <th scope="col">{heading}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map(([heading, cell], k) => (
                <td data-label={heading}>{k === 0 ? <a href={link(row)}>{cell(row)}</a> : cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
