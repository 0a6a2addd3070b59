import type { LocalizedText, SignatureRequirement } from '../__generated__';

/** The meaning a sign-off carries when it is given without a signature and names none. */
export const PLAIN_SIGN_OFF_MEANING = { key: 'approved', title: { 'zh-CN': '批准', en: 'Approved' } } as const satisfies { key: string; title: LocalizedText };

/**
 * The titles of the meanings a template's steps allow, by key: the one table a record's stored meaning
 * keys are shown through (the first title a key has wins), plus the plain sign-off's own meaning.
 */
export function meaningTitles(requirements: ReadonlyArray<SignatureRequirement | undefined>): Record<string, LocalizedText> {
  const titles: Record<string, LocalizedText> = {};
  for (const requirement of requirements) for (const m of requirement?.meanings ?? []) titles[m.key] ??= m.title;
  titles[PLAIN_SIGN_OFF_MEANING.key] ??= PLAIN_SIGN_OFF_MEANING.title;
  return titles;
}
