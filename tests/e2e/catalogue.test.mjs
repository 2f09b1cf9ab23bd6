// The words: every key of the UI's catalogues exists in all three languages, every key the code
// asks for exists, and every label of data/labels.json (shared with the server's exports) has
// all three languages. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './harness.mjs';

const LANGS = ['sq', 'en', 'sr-Latn'];
const catalogues = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(join(REPO, 'web/src/i18n', `${l}.json`), 'utf8'))]));

function sources(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.(jsx?|mjs)$/.test(n) ? [p] : [];
  });
}

test('the three catalogues have the same keys, none of them empty', () => {
  const keys = (l) => Object.keys(catalogues[l]).sort();
  for (const l of LANGS) {
    assert.deepEqual(keys(l), keys('en'), `${l} has the keys English has`);
    for (const [k, v] of Object.entries(catalogues[l])) assert.ok(v.trim().length > 0, `${l}: ${k} is empty`);
  }
});

test('every key the code asks for is in the catalogues, with the same placeholders in each language', () => {
  const used = new Set();
  for (const file of sources(join(REPO, 'web/src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-z_.0-9]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 100, `found ${used.size} keys in the code`);
  const missing = [...used].filter((k) => !(k in catalogues.en));
  assert.deepEqual(missing, []);
  const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const [k, v] of Object.entries(catalogues.en))
    for (const l of LANGS) assert.equal(placeholders(catalogues[l][k]), placeholders(v), `${l}: ${k} placeholders`);
});

test('every label of data/labels.json is given in all three languages', () => {
  const labels = JSON.parse(readFileSync(join(REPO, 'data/labels.json'), 'utf8'));
  const gaps = [];
  for (const [group, codes] of Object.entries(labels))
    for (const [code, byLang] of Object.entries(codes))
      for (const l of LANGS) if (!byLang[l]?.trim()) gaps.push(`${group}.${code}.${l}`);
  assert.deepEqual(gaps, []);
  for (const group of ['service', 'institution_type', 'risk_level', 'case_status', 'referral_status', 'form', 'bias'])
    assert.ok(labels[group], `labels.json has ${group}`);
});
