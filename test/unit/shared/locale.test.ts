import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '../../../src/shared/i18n/locale';

describe('negotiateLocale', () => {
  it.each([
    { header: undefined, locale: 'en' },
    { header: '', locale: 'en' },
    { header: 'zh-CN', locale: 'zh-CN' },
    { header: 'zh-TW,zh;q=0.9', locale: 'zh-CN' },
    { header: 'zh', locale: 'zh-CN' },
    { header: 'en-GB', locale: 'en' },
    { header: 'de-DE,zh-CN;q=0.5,en;q=0.4', locale: 'zh-CN' },
    { header: 'en;q=0.2, zh-CN;q=0.8', locale: 'zh-CN' },
    { header: 'zh-CN;q=0, en', locale: 'en' },
    { header: 'fr', locale: 'en' },
  ])('$header -> $locale', ({ header, locale }) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});
