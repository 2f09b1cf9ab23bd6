// The documents of a case, an incident, a referral's packet or a meeting: the list (name,
// type, size, who, when) with a download for each and a delete that asks first, and a form to
// add one (a labelled file input and, but for a meeting's, the category that decides who may
// open it). The server decides who may do what; its refusals are shown in the user's language.
import { useState } from 'preact/hooks';
import { api, download, upload } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useSession } from '../lib/session.js';
import { Select } from './Form.jsx';
import { Loading, Problem } from './Common.jsx';
import { ConfirmButton } from '../admin/common.jsx';

const KINDS = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'text/plain': 'TXT',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.oasis.opendocument.text': 'ODT',
};

function size(bytes, t) {
  if (bytes < 1024) return t('attachment.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('attachment.kib', { n: Math.round(bytes / 1024) });
  return t('attachment.mib', { n: (bytes / (1024 * 1024)).toFixed(1) });
}

function AddAttachment({ base, categories, onDone }) {
  const t = useT();
  const label = useLabel();
  const [file, setFile] = useState(null);
  const [category, setCategory] = useState(categories?.[0] || '');
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [round, setRound] = useState(0); // a new file input after each upload
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setMissing(!file);
    if (!file || busy) return;
    setBusy(true);
    try {
      await upload(`${base}/attachments`, file, categories ? { category } : {});
      setFile(null);
      setRound(round + 1);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="add-attachment">
      <h3 id="add-attachment">{t('attachment.add')}</h3>
      <Problem error={error} />
      <form onSubmit={submit} noValidate>
        <div class={`field${missing ? ' field--error' : ''}`}>
          <label for="attachment-file">{t('attachment.file')}</label>
          <p class="hint" id="attachment-file-hint">{t('attachment.file_hint')}</p>
          {missing && (
            <p class="field-error" id="attachment-file-error">
              {t('attachment.choose_file')}
            </p>
          )}
          <input
            key={round}
            id="attachment-file"
            name="file"
            type="file"
            class="input"
            accept=".pdf,.jpg,.jpeg,.png,.txt,.docx,.odt"
            aria-describedby={missing ? 'attachment-file-hint attachment-file-error' : 'attachment-file-hint'}
            aria-invalid={missing ? 'true' : undefined}
            onChange={(e) => setFile(e.currentTarget.files[0] || null)}
          />
        </div>
        {categories && (
          <Select
            name="category"
            label={t('attachment.category')}
            hint={t('attachment.category_hint')}
            value={category}
            onValue={setCategory}
            options={categories.map((c) => ({ value: c, label: label('category', c) }))}
          />
        )}
        <button class="button" type="submit" disabled={busy}>
          {t('attachment.upload')}
        </button>
      </form>
    </section>
  );
}

function AttachmentRow({ a, withCategory, timeZone, mayDelete, onDeleted }) {
  const t = useT();
  const label = useLabel();
  const [error, setError] = useState(null);
  const save = async () => {
    setError(null);
    try {
      await download(`/attachments/${a.id}`, a.name);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <tr>
      <td data-label={t('attachment.name')}>
        <button class="link-button" type="button" onClick={save} aria-label={t('attachment.download_named', { name: a.name })}>
          {a.name}
        </button>
        <Problem error={error} />
      </td>
      <td data-label={t('attachment.type')}>{KINDS[a.content_type] || a.content_type}</td>
      <td data-label={t('attachment.size')}>{size(a.size, t)}</td>
      {withCategory && <td data-label={t('attachment.category')}>{label('category', a.category)}</td>}
      <td data-label={t('attachment.who')}>{a.uploaded_by_name || '—'}</td>
      <td data-label={t('attachment.when')}>{formatDateTime(a.created_at, timeZone)}</td>
      <td data-label={t('attachment.actions')}>
        {mayDelete && (
          <ConfirmButton
            label={t('attachment.delete')}
            name={t('attachment.delete_named', { name: a.name })}
            question={t('attachment.delete_question', { name: a.name })}
            yes={t('attachment.delete')}
            onConfirm={async () => {
              await api.del(`/attachments/${a.id}`);
              onDeleted();
            }}
          />
        )}
      </td>
    </tr>
  );
}

/*
 * base: the parent's path ("/cases/7"); categories: the codes one may choose when adding (null
 * for a meeting's, which have none); canAdd: whether to offer the form; manage: whether every
 * attachment may be deleted (else only those of the user's institution).
 */
export function Attachments({ base, categories, canAdd, manage, timeZone, level = 2 }) {
  const t = useT();
  const { user } = useSession();
  const list = useFetch(`${base}/attachments?limit=500`, [base]);
  const Heading = `h${level}`;
  const withCategory = categories !== null;
  return (
    <section aria-labelledby="attachments-title">
      <Heading id="attachments-title">{t('attachment.title')}</Heading>
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('attachment.none')}</p>
      ) : (
        <table class="table table--cards">
          <caption class="visually-hidden">{t('attachment.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('attachment.name')}</th>
              <th scope="col">{t('attachment.type')}</th>
              <th scope="col">{t('attachment.size')}</th>
              {withCategory && <th scope="col">{t('attachment.category')}</th>}
              <th scope="col">{t('attachment.who')}</th>
              <th scope="col">{t('attachment.when')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('attachment.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((a) => (
              <AttachmentRow
                a={a}
                withCategory={withCategory}
                timeZone={timeZone}
                mayDelete={canAdd && (manage || a.institution_id === user.institution_id)}
                onDeleted={list.reload}
              />
            ))}
          </tbody>
        </table>
      )}
      {canAdd && <AddAttachment base={base} categories={categories} onDone={list.reload} />}
    </section>
  );
}
