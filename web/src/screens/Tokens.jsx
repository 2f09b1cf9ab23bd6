// One's own API tokens, for integrations (a ministry's statistics system reading reports, say):
// the list without secrets, a new token shown once and never again, and revoking one. A token
// acts as its owner, so it expires (at most token_max_days ahead) and is kept like a password.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useForm } from '../lib/form.js';
import { formatDateTime, startOfDayIn, todayIn } from '../lib/format.js';
import { useT } from '../lib/i18n.js';
import { useSession } from '../lib/session.js';
import { DateInput, TextInput } from '../components/Form.jsx';
import { Loading, Notice, Page, Problem } from '../components/Common.jsx';
import { ConfirmButton, RecordForm } from '../admin/common.jsx';

const DEFAULT_DAYS = 30;

/* The day `days` after today in the zone, as YYYY-MM-DD. */
function dayAfter(days, tz) {
  const [y, m, d] = todayIn(tz).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function NewToken({ onMade }) {
  const t = useT();
  const { directory } = useSession();
  const form = useForm({ name: '', expires_on: dayAfter(DEFAULT_DAYS, directory.tz) });
  const make = async (v) => {
    const full = /^\d{4}-\d{2}-\d{2}$/.test(v.expires_on);
    const made = await api.post('/tokens', { name: v.name.trim(), expires_at: full ? startOfDayIn(v.expires_on, directory.tz, 1) : v.expires_on });
    form.setValues({ name: '', expires_on: dayAfter(DEFAULT_DAYS, directory.tz) });
    onMade({ ...made, name: v.name.trim() });
  };
  const labels = { name: t('tokens.name'), expires_at: t('tokens.expires_on'), expires_on: t('tokens.expires_on') };
  // The server names `expires_at`; the form's field is the day.
  const errors = form.errors.expires_at ? { ...form.errors, expires_on: form.errors.expires_at } : form.errors;
  return (
    <section class="panel" aria-labelledby="token-new-title">
      <h2 id="token-new-title">{t('tokens.new')}</h2>
      <RecordForm form={{ ...form, errors }} onSave={make} labels={labels} submit={t('tokens.create')}>
        <TextInput {...form.field('name')} error={errors.name} label={labels.name} hint={t('tokens.name_hint')} autocomplete="off" />
        <DateInput {...form.field('expires_on')} error={errors.expires_on} legend={labels.expires_on} hint={t('tokens.expires_hint')} />
      </RecordForm>
    </section>
  );
}

function Shown({ token }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard
      ?.writeText(token.token)
      .then(() => setCopied(true))
      .catch(() => {});
  return (
    <Notice kind="success" role="status" title={t('tokens.made', { name: token.name })}>
      <p>{t('tokens.once')}</p>
      <p>
        <code class="secret" id="token-secret">
          {token.token}
        </code>
      </p>
      <button class="button button--secondary button--small" type="button" onClick={copy} aria-describedby="token-secret">
        {copied ? t('tokens.copied') : t('tokens.copy')}
      </button>
    </Notice>
  );
}

export function Tokens() {
  const t = useT();
  const { directory } = useSession();
  const list = useFetch(() => api.get(`/tokens${query({ limit: 200 })}`), []);
  const [made, setMade] = useState(null);
  const now = Date.now();
  const state = (k) => (k.revoked_at ? 'revoked' : Date.parse(k.expires_at) <= now ? 'expired' : 'active');
  return (
    <Page title={t('tokens.title')} subtitle={t('tokens.subtitle')}>
      {made && <Shown token={made} />}
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('tokens.none')}</p>
      ) : (
        <table class="table table--cards">
          <caption>{t('tokens.yours')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tokens.name')}</th>
              <th scope="col">{t('tokens.created')}</th>
              <th scope="col">{t('tokens.expires')}</th>
              <th scope="col">{t('tokens.state')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('tokens.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((k) => (
              <tr>
                <td data-label={t('tokens.name')}>{k.name}</td>
                <td data-label={t('tokens.created')}>{formatDateTime(k.created_at, directory.tz) || '—'}</td>
                <td data-label={t('tokens.expires')}>{formatDateTime(k.expires_at, directory.tz)}</td>
                <td data-label={t('tokens.state')}>
                  <span class={`tag tag--${state(k) === 'active' ? 'active' : 'archived'}`}>{t(`tokens.state_${state(k)}`)}</span>
                </td>
                <td>
                  {state(k) === 'active' && (
                    <ConfirmButton
                      label={t('tokens.revoke', { name: k.name })}
                      question={t('tokens.revoke_question', { name: k.name })}
                      yes={t('tokens.revoke_yes')}
                      onConfirm={() => api.del(`/tokens/${k.id}`).then(list.reload)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewToken
        onMade={(token) => {
          setMade(token);
          list.reload();
        }}
      />
    </Page>
  );
}
