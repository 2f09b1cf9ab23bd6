// The time left to answer (a referral, an order decision): 'in 5 h 20 min', or, once passed,
// 'overdue by 2 h' in the overdue style with an icon, so it does not rest on colour alone.
import { useT } from '../lib/i18n.js';
import { formatDateTime, formatSpan, minutesUntil } from '../lib/format.js';
import { Icon } from './Icon.jsx';

export function TimeLeft({ until, timeZone }) {
  const t = useT();
  if (!until) return null;
  const minutes = minutesUntil(until);
  const when = formatDateTime(until, timeZone);
  if (minutes < 0)
    return (
      <span class="time-left time-left--overdue" title={when}>
        <Icon name="alert" size={16} /> {t('time.overdue_by', { span: formatSpan(minutes, t) })}
      </span>
    );
  return (
    <span class={`time-left${minutes < 12 * 60 ? ' time-left--soon' : ''}`} title={when}>
      <Icon name="clock" size={16} /> {t('time.left', { span: formatSpan(minutes, t) })}
    </span>
  );
}
