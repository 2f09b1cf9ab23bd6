// Words on screen: one catalogue per language (i18n/*.json) for the UI's own strings, and
// data/labels.json — the same file the server's CSV, XLSX and iCalendar exports use — for the
// labels of the API's codes (statuses, services, institution types, risk levels, ...).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import sq from '../i18n/sq.json';
import en from '../i18n/en.json';
import srLatn from '../i18n/sr-Latn.json';
import tr from '../i18n/tr.json';
import bs from '../i18n/bs.json';
import labels from '../../../data/labels.json';

export const LANGUAGES = [
  { code: 'sq', name: 'Shqip' },
  { code: 'en', name: 'English' },
  { code: 'sr-Latn', name: 'Srpski' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'bs', name: 'Bosanski' },
];
export const catalogues = { sq, en, 'sr-Latn': srLatn, tr, bs };
/* Turkish and Bosnian (issue 16) have what is translated so far: the rest reads in English.
 * sq, en and sr-Latn have every key. */
export const PARTIAL = new Set(['tr', 'bs']);
export { labels };

const STORAGE_KEY = 'ura.lang'; // the only thing the UI keeps in the browser

export function storedLanguage() {
  try {
    const l = window.localStorage.getItem(STORAGE_KEY);
    return l in catalogues ? l : null;
  } catch {
    return null;
  }
}
export function storeLanguage(lang) {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}
/* A catalogue string with {name} placeholders filled; in tr and bs, the English one where that
 * language has none. A key missing from a complete catalogue is a bug: say so. */
export function translate(lang, key, vars) {
  let s = catalogues[lang][key];
  if (s === undefined && PARTIAL.has(lang)) s = catalogues.en[key];
  if (s === undefined) {
    console.error(`i18n: no "${key}" in ${lang}`);
    s = key;
  }
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  return s;
}

/* The label of an API code, e.g. label('sq', 'service', 'economic_aid'). */
export function labelOf(lang, group, code) {
  const entry = labels[group]?.[code];
  if (!entry) return code ?? '';
  return entry[lang] ?? entry.en ?? code;
}
/* The codes of a group in the file's order, for choices. */
export function codesOf(group) {
  return Object.keys(labels[group] || {});
}

export const LangContext = createContext('sq');

export function useLang() {
  return useContext(LangContext);
}
export function useT() {
  const lang = useContext(LangContext);
  return (key, vars) => translate(lang, key, vars);
}
export function useLabel() {
  const lang = useContext(LangContext);
  return (group, code) => labelOf(lang, group, code);
}
/* Choices for a select or a group of boxes: [{value, label}] of a label group. */
export function useOptions() {
  const lang = useContext(LangContext);
  return (group, only) =>
    (only || codesOf(group)).map((code) => ({ value: code, label: labelOf(lang, group, code) }));
}
