// Protection orders with their clocks: the time left for the court's decision while pending,
// the validity once granted (and a warning in its last week), breaches. The owner asks for one,
// records the decision (the court's staff may too) and each breach.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useOptions, useT } from '../lib/i18n.js';
import { formatDate, todayIn } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { part } from '../lib/body.js';
import { useSession } from '../lib/session.js';
import { DateInput, ErrorSummary, Radios, Select } from '../components/Form.jsx';
import { Facts, Loading, Problem, Tag } from '../components/Common.jsx';
import { TimeLeft } from '../components/TimeLeft.jsx';
import { can } from './CasePage.jsx';

function daysBetween(fromIso, toIso) {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 86400000);
}

function Decide({ order, onDone }) {
  const t = useT();
  const form = useForm({ decision: '', decided_on: '', valid_from: '', valid_to: '' }, { prefix: `order${order.id}` });
  const submit = form.submit(async (v) => onDone(await api.patch(`/protection-orders/${order.id}`, part(v) || {})));
  return (
    <form onSubmit={submit} noValidate class="subform" aria-label={t('order.decide')}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} prefix={form.prefix} />
      <Radios
        {...form.field('decision')}
        legend={t('order.decision')}
        inline
        options={[
          { value: 'granted', label: t('order.granted') },
          { value: 'denied', label: t('order.denied') },
        ]}
      />
      <DateInput {...form.field('decided_on')} legend={t('order.decided_on')} />
      {form.values.decision === 'granted' && (
        <>
          <DateInput {...form.field('valid_from')} legend={t('order.valid_from')} />
          <DateInput {...form.field('valid_to')} legend={t('order.valid_to')} />
        </>
      )}
      <button class="button" type="submit" disabled={form.busy}>
        {t('order.save_decision')}
      </button>
    </form>
  );
}

function Breach({ order, onDone, timeZone }) {
  const t = useT();
  const form = useForm({ occurred_on: todayIn(timeZone) }, { prefix: `breach${order.id}` });
  const submit = form.submit(async (v) => onDone(await api.post(`/protection-orders/${order.id}/breaches`, v)));
  return (
    <form onSubmit={submit} noValidate class="subform" aria-label={t('order.breach')}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} prefix={form.prefix} />
      <DateInput {...form.field('occurred_on')} legend={t('order.breach_on')} />
      <button class="button button--warning" type="submit" disabled={form.busy}>
        {t('order.save_breach')}
      </button>
    </form>
  );
}

function OrderCard({ doc, order, reload, timeZone }) {
  const t = useT();
  const label = useLabel();
  const { user, directory } = useSession();
  const [open, setOpen] = useState(null);
  const done = () => {
    setOpen(null);
    reload();
  };
  const today = todayIn(timeZone);
  const expiring = order.status === 'granted' && order.valid_to && daysBetween(today, order.valid_to) <= 7 && order.valid_to >= today;
  const mayDecide = order.status === 'pending' && (can(doc, 'order') || user.institution_id === order.court_institution_id);
  return (
    <li class="card">
      <p class="card-title">
        {label('order_type', order.type)} <Tag group="order_status" code={order.status} />
        {expiring && <span class="tag tag--danger">{t('order.expiring')}</span>}
      </p>
      <Facts
        items={[
          [t('order.requested_on'), formatDate(order.requested_on)],
          [t('order.court'), order.court_institution_id && directory.institutionName(order.court_institution_id)],
          [t('order.decision_due'), order.status === 'pending' && <TimeLeft until={order.decision_due_at} timeZone={timeZone} />],
          [t('order.decided_on'), formatDate(order.decided_on)],
          [t('order.valid'), order.valid_from && `${formatDate(order.valid_from)} – ${formatDate(order.valid_to)}`],
          [t('order.breaches'), order.breaches || null],
        ]}
      />
      <div class="button-row">
        {mayDecide && (
          <button class="button button--secondary button--small" type="button" aria-expanded={open === 'decide' ? 'true' : 'false'} onClick={() => setOpen(open === 'decide' ? null : 'decide')}>
            {t('order.decide')}
          </button>
        )}
        {can(doc, 'order') && (
          <button class="button button--secondary button--small" type="button" aria-expanded={open === 'breach' ? 'true' : 'false'} onClick={() => setOpen(open === 'breach' ? null : 'breach')}>
            {t('order.breach')}
          </button>
        )}
      </div>
      {open === 'decide' && <Decide order={order} onDone={done} />}
      {open === 'breach' && <Breach order={order} onDone={done} timeZone={timeZone} />}
    </li>
  );
}

function AddOrder({ doc, onDone, timeZone }) {
  const t = useT();
  const options = useOptions();
  const { directory } = useSession();
  const courts = directory.institutions.filter((i) => i.type === 'court');
  const form = useForm({ type: '', requested_on: todayIn(timeZone), court_institution_id: '' });
  const submit = form.submit(async (v) => onDone(await api.post(`/cases/${doc.id}/protection-orders`, part(v) || {})));
  return (
    <section class="panel" aria-labelledby="add-order">
      <h3 id="add-order">{t('order.add')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} prefix={form.prefix} />
      <form onSubmit={submit} noValidate>
        <Radios {...form.field('type')} legend={t('order.type')} options={options('order_type')} />
        <DateInput {...form.field('requested_on')} legend={t('order.requested_on')} />
        <Select {...form.field('court_institution_id')} numeric label={t('order.court')} placeholder={t('form.choose')} options={courts.map((c) => ({ value: c.id, label: c.name }))} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('order.save')}
        </button>
      </form>
    </section>
  );
}

export function Orders({ doc, reload: reloadCase, timeZone }) {
  const t = useT();
  const list = useFetch(`/cases/${doc.id}/protection-orders`, [doc.version]);
  const reload = () => {
    list.reload();
    reloadCase();
  };
  return (
    <div>
      <h2>{t('tab.orders')}</h2>
      {list.error ? (
        <Problem error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('order.none')}</p>
      ) : (
        <ul class="cards">
          {list.data.items.map((o) => (
            <OrderCard doc={doc} order={o} reload={reload} timeZone={timeZone} />
          ))}
        </ul>
      )}
      {can(doc, 'order') && <AddOrder doc={doc} onDone={reload} timeZone={timeZone} />}
    </div>
  );
}
