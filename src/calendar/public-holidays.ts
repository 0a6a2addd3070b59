import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Holiday, MakeUpWorkingDay } from '../__generated__';

/** A calendar's `publicHolidays` source. */
export type PublicHolidaySource = 'CN';

interface Schedule {
  holidays: Holiday[];
  makeUpWorkingDays: MakeUpWorkingDay[];
  /**
   * The years the source has data for, ascending: those with at least 10 holiday dates (a year's schedule has
   * 25 or more; a New Year holiday of the year before that runs into January has at most 3).
   */
  years: number[];
}

let cn: Schedule | undefined;

/**
 * Mainland China's public holidays and make-up working days (调休上班) as the State Council publishes them,
 * from the chinese-days package's data (2004 to the latest year it has). Entries read "English,中文,days".
 */
export function publicHolidays(source: PublicHolidaySource): Schedule {
  if (source !== 'CN') throw new Error(`unknown public holiday source ${String(source)}`);
  if (!cn) {
    const file = join(dirname(require.resolve('chinese-days/package.json')), 'dist/chinese-days.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
    const title = (entry: string, suffix: { 'zh-CN': string; en: string } = { 'zh-CN': '', en: '' }) => {
      const [en, zh] = entry.split(',');
      return { 'zh-CN': `${zh}${suffix['zh-CN']}`, en: `${en}${suffix.en}` };
    };
    const datesByYear = new Map<number, number>();
    for (const date of Object.keys(data.holidays)) datesByYear.set(Number(date.slice(0, 4)), (datesByYear.get(Number(date.slice(0, 4))) ?? 0) + 1);
    const years = [...datesByYear].filter(([, dates]) => dates >= 10).map(([year]) => year);
    cn = {
      holidays: Object.entries(data.holidays).map(([date, entry]) => ({ from: date, to: date, title: title(entry) })),
      makeUpWorkingDays: Object.entries(data.workdays).map(([date, entry]) => ({ date, title: title(entry, { 'zh-CN': '调休上班', en: ' (make-up working day)' }) })),
      years: years.sort((a, b) => a - b),
    };
  }
  return cn;
}
