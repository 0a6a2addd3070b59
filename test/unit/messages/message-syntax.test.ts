import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney } from '../../../src/messages/message-placeholders';
import { PLACEHOLDER_NAMES } from '../../../src/templates/message-placeholder-catalog';
import { checkMessageTexts, parseMessageText, renderHtml, renderSubject, renderText } from '../../../src/templates/message-syntax';

const values = (entries: Record<string, string | null>) => new Map(Object.entries(entries));

describe('message syntax', () => {
  it('accepts plain variables of the catalog, dotted names and comments', () => {
    const { parts, problems } = parseMessageText('Dear {{customer.name}}, {{! a note }}re {{ complaint.number }}.', '/x');
    expect(problems).toEqual([]);
    expect(parts).toEqual([{ text: 'Dear ' }, { name: 'customer.name' }, { text: ', ' }, { text: 're ' }, { name: 'complaint.number' }, { text: '.' }]);
  });

  it.each([
    { title: 'an unknown placeholder', source: 'Hi {{customer.password}}', code: 'UNKNOWN_PLACEHOLDER' },
    { title: 'the implicit iterator', source: 'Hi {{.}}', code: 'UNKNOWN_PLACEHOLDER' },
    { title: 'a section', source: '{{#customer.name}}x{{/customer.name}}', code: 'SECTION_NOT_ALLOWED' },
    { title: 'an inverted section', source: '{{^customer.name}}x{{/customer.name}}', code: 'SECTION_NOT_ALLOWED' },
    { title: 'a partial', source: '{{>footer}}', code: 'PARTIAL_NOT_ALLOWED' },
    { title: 'triple mustaches', source: '{{{customer.name}}}', code: 'UNESCAPED_NOT_ALLOWED' },
    { title: 'an ampersand tag', source: '{{& customer.name}}', code: 'UNESCAPED_NOT_ALLOWED' },
    { title: 'a delimiter change', source: '{{=<% %>=}}<%customer.name%>', code: 'DELIMITER_CHANGE_NOT_ALLOWED' },
    { title: 'an unclosed tag', source: 'Hi {{customer.name', code: 'TEMPLATE_SYNTAX' },
    { title: 'an unclosed section', source: '{{#a}}x', code: 'TEMPLATE_SYNTAX' },
  ])('refuses $title', ({ source, code }) => {
    expect(checkMessageTexts({ 'zh-CN': { subject: 'ok', body: 'ok' }, en: { subject: 'ok', body: source } }).map((p) => [p.path, p.code])).toEqual([['/texts/en/body', code]]);
  });

  it('locates a problem in a subject by its locale', () => {
    expect(checkMessageTexts({ 'zh-CN': { subject: '{{nope}}', body: 'ok' }, en: { subject: 'ok', body: 'ok' } }).map((p) => [p.path, p.code])).toEqual([['/texts/zh-CN/subject', 'UNKNOWN_PLACEHOLDER']]);
  });

  it('every catalog name is a dotted lower-camel path', () => {
    for (const name of PLACEHOLDER_NAMES) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
  });
});

describe('rendering per channel', () => {
  const script = '<script>alert(1)</script>';
  const v = values({ 'customer.name': script, 'complaint.number': 'CC-1', 'product.name': 'Bracket\r\nA & B' });

  it('keeps values verbatim in plain text and normalises newlines', () => {
    const r = renderText('Dear {{customer.name}},\r\n\r\n{{product.name}} / {{complaint.number}}', v);
    expect(r.text).toBe(`Dear ${script},\n\nBracket\nA & B / CC-1`);
    expect(r.missing).toEqual([]);
    expect(r.used).toEqual(['customer.name', 'product.name', 'complaint.number']);
  });

  it('escapes literal text and values in HTML and makes paragraphs', () => {
    const r = renderHtml('Dear {{customer.name}},\n\nAbout <{{product.name}}>\nline two', v, 'en');
    expect(r.text).toContain('<p>Dear &lt;script&gt;alert(1)&lt;&#x2F;script&gt;,</p>');
    expect(r.text).toContain('<p>About &lt;Bracket<br>\nA &amp; B&gt;<br>\nline two</p>');
    expect(r.text).not.toContain('<script>');
    expect(r.text).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
  });

  it('puts a subject on one line without escaping', () => {
    expect(renderSubject('[{{complaint.number}}] {{product.name}} for {{customer.name}}', v).text).toBe(`[CC-1] Bracket A & B for ${script}`);
  });

  it('shows a missing value as a visible marker and reports it', () => {
    const r = renderText('Lot {{product.lots}}, owner {{owner.name}}, {{complaint.number}}', values({ 'complaint.number': 'CC-1', 'owner.name': '' }));
    expect(r.text).toBe('Lot [[product.lots]], owner [[owner.name]], CC-1');
    expect(r.missing).toEqual(['product.lots', 'owner.name']);
  });
});

describe('formatting per locale', () => {
  it.each([
    { locale: 'zh-CN' as const, date: '2026年11月20日', money: '¥1,500.00' },
    { locale: 'en' as const, date: '20 November 2026', money: 'CN¥1,500.00' },
  ])('$locale', ({ locale, date, money }) => {
    // 23:30 UTC is the next day in Shanghai.
    expect(formatDate(new Date('2026-11-19T23:30:00Z'), locale, 'Asia/Shanghai')).toBe(date);
    expect(formatMoney(1500, 'CNY', locale)).toBe(money);
  });
});
