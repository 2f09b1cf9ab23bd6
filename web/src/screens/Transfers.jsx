// Case transfers (the survivor moved): the ones asked of this institution, to accept or decline,
// and the ones it asked of others, which it may cancel while they wait.
import { useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { href } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { ErrorSummary, TextArea } from '../components/Form.jsx';
import { Facts, Loading, Page, Problem, Tag } from '../components/Common.jsx';

function Decline({ transfer, onDone, onClose }) {
  const t = useT();
  const form = useForm({ reason: '' }, { prefix: `transfer${transfer.id}` });
  const submit = form.submit(async (v) => onDone(await api.post(`/transfers/${transfer.id}/decline`, v)));
  return (
    <form onSubmit={submit} noValidate class="subform" aria-label={t('transfer.decline')}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} prefix={form.prefix} />
      <TextArea {...form.field('reason')} label={t('transfer.decline_reason')} rows={3} />
      <div class="button-row">
        <button class="button button--warning" type="submit" disabled={form.busy}>
          {t('transfer.decline')}
        </button>
        <button class="button button--secondary" type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function TransferCard({ transfer, box, onDone }) {
  const t = useT();
  const { directory } = useSession();
  const [declining, setDeclining] = useState(false);
  const [error, setError] = useState(null);
  const step = async (name) => {
    try {
      onDone(await api.post(`/transfers/${transfer.id}/${name}`, {}));
    } catch (e) {
      setError(e);
    }
  };
  const pending = transfer.status === 'pending';
  return (
    <li class="card">
      <p class="card-title">
        {transfer.case_reference} <Tag group="transfer_status" code={transfer.status} />
      </p>
      <Facts
        items={[
          [t('referral.from'), directory.institutionName(transfer.from_institution_id)],
          [t('referral.to'), directory.institutionName(transfer.to_institution_id)],
          [t('transfer.mechanism'), directory.mechanism(transfer.to_mechanism_id)?.name],
          [t('transfer.reason'), transfer.reason],
          [t('referral.sent_at'), formatDateTime(transfer.created_at, directory.tz)],
        ]}
      />
      <Problem error={error} />
      {pending && box === 'incoming' && !declining && (
        <div class="button-row">
          <button class="button" type="button" onClick={() => step('accept')}>
            {t('transfer.accept')}
          </button>
          <button class="button button--warning" type="button" onClick={() => setDeclining(true)}>
            {t('transfer.decline')}
          </button>
        </div>
      )}
      {declining && <Decline transfer={transfer} onDone={onDone} onClose={() => setDeclining(false)} />}
      {pending && box === 'outgoing' && (
        <button class="button button--secondary" type="button" onClick={() => step('cancel')}>
          {t('transfer.cancel')}
        </button>
      )}
      {transfer.status === 'accepted' && box === 'incoming' && (
        <p>
          <a href={`#/cases/${transfer.case_id}`}>{t('referral.open_case')}</a>
        </p>
      )}
    </li>
  );
}

export function Transfers({ query: q }) {
  const t = useT();
  const box = q.box === 'outgoing' ? 'outgoing' : 'incoming';
  const list = useFetch(() => api.get(`/transfers${query({ box, limit: 100 })}`), [box]);
  const tab = (b) => (
    <li>
      <a href={href('/transfers', { box: b })} aria-current={box === b ? 'page' : undefined}>
        {t(`transfers.${b}`)}
      </a>
    </li>
  );
  return (
    <Page title={t('transfers.title')} subtitle={t('transfers.subtitle')}>
      <nav class="tabs" aria-label={t('referrals.boxes')}>
        <ul>
          {tab('incoming')}
          {tab('outgoing')}
        </ul>
      </nav>
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('transfers.none')}</p>
      ) : (
        <ul class="cards">
          {list.data.items.map((tr) => (
            <TransferCard transfer={tr} box={box} onDone={list.reload} />
          ))}
        </ul>
      )}
    </Page>
  );
}
