// Dates as dd.mm.yyyy and times as HH:MM in the mechanism's time zone (Europe/Tirane unless the
// mechanism says otherwise), whatever the language: the mechanisms' own forms write them so.

export const DEFAULT_TIME_ZONE = 'Europe/Tirane';

/* '2026-11-20' → '20.11.2026' (a date has no zone). */
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

const formatters = new Map();
function partsIn(timeZone, date) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const out = {};
  for (const p of f.formatToParts(date)) out[p.type] = p.value;
  return out;
}

/* An RFC 3339 instant → '20.11.2026 14:05' in `timeZone`. */
export function formatDateTime(iso, timeZone = DEFAULT_TIME_ZONE) {
  if (!iso) return '';
  const p = partsIn(timeZone, new Date(iso));
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/* Today as YYYY-MM-DD in `timeZone`. */
export function todayIn(timeZone = DEFAULT_TIME_ZONE, now = new Date()) {
  const p = partsIn(timeZone, now);
  return `${p.year}-${p.month}-${p.day}`;
}

/* Whole minutes from now until `iso` (negative once it has passed). */
export function minutesUntil(iso, now = Date.now()) {
  return Math.round((new Date(iso).getTime() - now) / 60000);
}

/* A span of minutes as '2 d 3 h', '5 h 20 min', '12 min', with the catalogue's units. */
export function formatSpan(minutes, t) {
  const m = Math.abs(minutes);
  const d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60), min = m % 60;
  if (d > 0) return h > 0 ? `${d} ${t('unit.d')} ${h} ${t('unit.h')}` : `${d} ${t('unit.d')}`;
  if (h > 0) return min > 0 ? `${h} ${t('unit.h')} ${min} ${t('unit.min')}` : `${h} ${t('unit.h')}`;
  return `${min} ${t('unit.min')}`;
}

/* 'HH:MM' of an instant in `timeZone`. */
export function formatTime(iso, timeZone = DEFAULT_TIME_ZONE) {
  if (!iso) return '';
  const p = partsIn(timeZone, new Date(iso));
  return `${p.hour}:${p.minute}`;
}

/* The date part 'YYYY-MM-DD' of an instant in `timeZone`. */
export function dateIn(iso, timeZone = DEFAULT_TIME_ZONE) {
  return iso ? todayIn(timeZone, new Date(iso)) : '';
}

/*
 * The UTC instant (RFC 3339) of a wall-clock date and time in `timeZone`: a meeting at 10:00
 * in Korçë is at 09:00Z in winter and 08:00Z in summer. Found by asking Intl what the zone's
 * clock shows at a first guess and correcting by the difference (twice, across a change).
 */
export function zonedToUtc(date, time, timeZone = DEFAULT_TIME_ZONE) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || ''), h = /^(\d{1,2}):(\d{2})$/.exec(time || '');
  if (!m || !h) return null;
  const wanted = Date.UTC(+m[1], +m[2] - 1, +m[3], +h[1], +h[2]);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const p = partsIn(timeZone, new Date(guess));
    const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute);
    guess += wanted - shown;
  }
  return new Date(guess).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/* The instant `date` (YYYY-MM-DD) begins in `timeZone`, as RFC 3339 UTC; `days` moves the day. */
export function startOfDayIn(date, timeZone = DEFAULT_TIME_ZONE, days = 0) {
  const [y, m, d] = date.split('-').map(Number);
  const midnight = Date.UTC(y, m - 1, d + days);
  let at = midnight;
  // The zone's offset at that moment, found twice so a change of summer time is followed.
  for (let i = 0; i < 2; i++) {
    const p = partsIn(timeZone, new Date(at));
    const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    at = midnight - (shown - Math.floor(at / 60000) * 60000);
  }
  return new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
}
