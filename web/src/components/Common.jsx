// Small pieces every screen uses: the page heading (which also names the browser tab and takes
// focus after a change of screen, so a screen reader announces it), notices, badges, problems.
import { useEffect, useRef } from 'preact/hooks';
import { useLabel, useT } from '../lib/i18n.js';
import { Icon } from './Icon.jsx';

export function Page({ title, subtitle, children, actions, wide }) {
  const t = useT();
  const ref = useRef(null);
  useEffect(() => {
    document.title = `${title} — Ura`;
  }, [title]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <div class={wide ? 'page page--wide' : 'page'}>
      <div class="page-head">
        <div>
          <h1 tabIndex={-1} ref={ref}>
            {title}
          </h1>
          {subtitle && <p class="page-subtitle">{subtitle}</p>}
        </div>
        {actions && (
          <div class="page-actions" aria-label={t('page.actions')} role="group">
            {actions}
          </div>
        )}
      </div>
      {children}
    </div>
  );
}

export function Notice({ kind = 'info', title, children, role }) {
  return (
    <div class={`notice notice--${kind}`} role={role}>
      {title && <p class="notice-title">{title}</p>}
      {children}
    </div>
  );
}

const RISK_ORDER = ['unassessed', 'standard', 'medium', 'high', 'extreme'];
export function RiskBadge({ level }) {
  const label = useLabel();
  const t = useT();
  const l = RISK_ORDER.includes(level) ? level : 'unassessed';
  return (
    <span class={`badge badge--risk-${l}`}>
      <span class="visually-hidden">{t('case.risk')}: </span>
      {label('risk_level', l)}
    </span>
  );
}

/* A status shown as a tag with its label; `tone` picks the colour family. */
export function Tag({ group, code, tone }) {
  const label = useLabel();
  return <span class={`tag tag--${tone || code}`}>{label(group, code)}</span>;
}

export function Loading() {
  const t = useT();
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/* What went wrong with a request that was not about one field. */
export function Problem({ error, children }) {
  const t = useT();
  if (!error) return null;
  let text;
  if (error.status === 0) text = t('error.network');
  else if (error.problem) text = [error.problem.title, error.problem.detail].filter(Boolean).join(': ');
  else text = String(error.message || error);
  return (
    <div class="notice notice--danger" role="alert">
      <p class="notice-title">{text}</p>
      {children}
    </div>
  );
}

/* A description list of label → value, leaving out empty values. */
export function Facts({ items }) {
  const shown = items.filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false);
  if (!shown.length) return null;
  return (
    <dl class="facts">
      {shown.map(([k, v]) => (
        <div class="fact">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Withheld({ children }) {
  const t = useT();
  return (
    <p class="withheld">
      <Icon name="lock" size={16} />{" "}
      {children || t('case.withheld_part')}
    </p>
  );
}
