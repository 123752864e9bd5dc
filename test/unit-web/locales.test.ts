import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };

function load(lang: 'en' | 'ar'): Tree {
  return JSON.parse(readFileSync(path.resolve(`content/locales/${lang}.json`), 'utf8')) as Tree;
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const AR_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];
const EN_FORMS = ['one', 'other'];

/** Keys with plural suffixes folded into their base, e.g. `patients.count_one` → `patients.count`. */
function groups(keys: Iterable<string>): { plain: Set<string>; plural: Map<string, Set<string>> } {
  const plain = new Set<string>();
  const plural = new Map<string, Set<string>>();
  for (const key of keys) {
    const match = PLURAL.exec(key);
    if (!match) {
      plain.add(key);
      continue;
    }
    const base = key.slice(0, match.index);
    const forms = plural.get(base) ?? new Set<string>();
    forms.add(match[1] ?? '');
    plural.set(base, forms);
  }
  return { plain, plural };
}

const en = flatten(load('en'));
const ar = flatten(load('ar'));
const enGroups = groups(en.keys());
const arGroups = groups(ar.keys());

describe('UI strings', () => {
  it('has every plain key in both English and Arabic', () => {
    const missingInAr = [...enGroups.plain].filter((k) => !arGroups.plain.has(k));
    const missingInEn = [...arGroups.plain].filter((k) => !enGroups.plain.has(k));
    expect({ missingInAr, missingInEn }).toEqual({ missingInAr: [], missingInEn: [] });
  });

  it('has every plural group in both languages, with all six Arabic forms and English one/other', () => {
    const problems: string[] = [];
    const bases = new Set([...enGroups.plural.keys(), ...arGroups.plural.keys()]);
    for (const base of bases) {
      const enForms = enGroups.plural.get(base);
      const arForms = arGroups.plural.get(base);
      if (!enForms) problems.push(`${base}: missing in English`);
      else for (const f of EN_FORMS) if (!enForms.has(f)) problems.push(`${base}_${f}: missing in English`);
      if (!arForms) problems.push(`${base}: missing in Arabic`);
      else for (const f of AR_FORMS) if (!arForms.has(f)) problems.push(`${base}_${f}: missing in Arabic`);
      if (enGroups.plain.has(base) || arGroups.plain.has(base))
        problems.push(`${base}: both plain and plural`);
    }
    expect(problems).toEqual([]);
  });

  it('has no empty strings', () => {
    const empty = [...en, ...ar].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (v: string) =>
      [...v.matchAll(/\{\{\s*(\w+)/g)]
        .map((m) => m[1])
        .filter((p) => p !== 'count')
        .sort();
    const problems: string[] = [];
    for (const [key, value] of en) {
      if (PLURAL.test(key)) continue;
      const other = ar.get(key);
      if (other !== undefined && placeholders(value).join() !== placeholders(other).join())
        problems.push(key);
    }
    expect(problems).toEqual([]);
  });

  it('writes Arabic strings in Arabic script, not transliteration', () => {
    const brandOrExamples = /^(CellPath|English|العربية)$/;
    const latinOnly = [...ar]
      .filter(([, v]) => !brandOrExamples.test(v) && !/[\u0600-\u06FF]/.test(v))
      .map(([k]) => k);
    expect(latinOnly).toEqual([]);
  });
});

describe('Arabic plurals', () => {
  it('chooses the right form for 0, 1, 2, 3, 11 and 100', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'ar',
      fallbackLng: 'en',
      resources: { ar: { translation: load('ar') }, en: { translation: load('en') } },
      interpolation: { escapeValue: false },
    });
    const t = (count: number) => i18n.t('patients.count', { count });
    const number = (n: number) => new Intl.NumberFormat('ar').format(n);
    expect(t(0)).toBe('لا يوجد مرضى');
    expect(t(1)).toBe('مريض واحد');
    expect(t(2)).toBe('مريضان');
    expect(t(3)).toBe(`${number(3)} مرضى`);
    expect(t(11)).toBe(`${number(11)} مريضًا`);
    expect(t(100)).toBe(`${number(100)} مريض`);
  });

  it('uses one and other in English', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'en', resources: { en: { translation: load('en') } } });
    expect(i18n.t('patients.count', { count: 1 })).toBe('1 patient');
    expect(i18n.t('patients.count', { count: 0 })).toBe('0 patients');
    expect(i18n.t('patients.count', { count: 1200 })).toBe('1,200 patients');
  });
});
