// The audit log's words: the actions Ura writes (labelled from the catalogues as
// 'audit.action.<code>', the code itself when a newer server writes one the UI does not know),
// the prefixes the API filters by (`action=case.` is every action on cases), and the entries
// the auditor is asked to find quickly: each break glass, and sharing without consent.
import { catalogues } from './i18n.js';

export const ACTIONS = [
  'session.create', 'session.delete', 'token.create', 'token.revoke',
  'user.create', 'user.update', 'user.password_change',
  'totp.begin', 'totp.enable', 'totp.disable', 'totp.reset',
  'municipality.create', 'municipality.update', 'institution.create', 'institution.update',
  'mechanism.create', 'mechanism.update', 'member.add', 'member.remove',
  'case.create', 'case.read', 'case.list', 'case.search', 'case.update', 'case.close',
  'case.emergency_access', 'case.read_emergency', 'case.emergency_access_refused',
  'incident.create', 'note.create', 'note.list', 'consent.create', 'consent.withdraw',
  'assessment.create', 'assessment.list', 'order.create', 'order.decide', 'order.breach', 'order.list',
  'action.create', 'action.update', 'action.list',
  'referral.create', 'referral.disclose_address', 'referral.read', 'referral.list',
  'referral.accept', 'referral.decline', 'referral.start', 'referral.complete', 'referral.cancel',
  'transfer.create', 'transfer.accept', 'transfer.decline', 'transfer.cancel', 'transfer.read', 'transfer.list',
  'meeting.create', 'meeting.update', 'meeting.attendance', 'meeting.agenda', 'meeting.minutes', 'meeting.decision',
  'meeting_request.create', 'meeting_request.read', 'meeting_request.list', 'meeting_request.answer',
  'calendar.subscribe', 'calendar.unsubscribe', 'calendar.read', 'action_plan.create', 'activity.create', 'activity.update', 'training.create',
  'report.read', 'setting.update', 'data_key.create', 'data_key.rotate', 'audit.justification_read',
  'intake.file', 'intake.read', 'intake.convert', 'intake.refer', 'intake.close', 'intake.message', 'intake.pass',
  'reintegration.read', 'reintegration.release', 'reintegration_task.done', 'reintegration_needs.read', 'reintegration_needs.update',
];

export const PREFIXES = ['case.', 'referral.', 'transfer.', 'session.', 'user.', 'totp.', 'token.', 'meeting.'];

/* The quick filters: the address each one stands for. `basis: 'emergency'` is the server's
 * filter of referrals made on an emergency basis (shared without consent), which answers
 * each with its basis, categories and the sender's justification. */
export const QUICK = [
  ['break_glass', { action: 'case.emergency_access' }],
  ['read_emergency', { action: 'case.read_emergency' }],
  ['refused', { action: 'case.emergency_access_refused' }],
  ['emergency_basis', { basis: 'emergency' }],
  ['flagged', { flagged: 'true' }],
];

const EMERGENCY = new Set(['case.emergency_access', 'case.read_emergency', 'case.emergency_access_refused']);

export function withoutConsent(entry) {
  return entry.action === 'referral.create' && (entry.detail?.basis === 'emergency' || entry.fields.includes('justification'));
}
/* An entry the auditor must be able to spot: break glass, or data shared without consent. */
export function isEmergency(entry) {
  return EMERGENCY.has(entry.action) || withoutConsent(entry);
}

export function actionLabel(lang, code) {
  return catalogues[lang][`audit.action.${code}`] ?? catalogues.en[`audit.action.${code}`] ?? code;
}
