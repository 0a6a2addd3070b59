import type { CostKind, OrganizationTemplate } from '../__generated__';

/**
 * The cost kinds of an organization template published without `costKinds` (templates older than costs):
 * the set shipped in templates/organization.json (a unit test keeps the two equal).
 */
export const DEFAULT_COST_KINDS: CostKind[] = [
  { key: 'compensation', title: { 'zh-CN': '赔偿/索赔', en: 'Compensation' }, description: { 'zh-CN': '赔付客户的费用（停线、索赔、折让）。', en: 'Paid to the customer (line stop, claims, price reductions).' } },
  { key: 'freight', title: { 'zh-CN': '运费', en: 'Freight' }, description: { 'zh-CN': '退货、补货、加急发运的运费。', en: 'Returns, replacement shipments, expedited freight.' } },
  { key: 'sorting', title: { 'zh-CN': '挑选', en: 'Sorting' }, description: { 'zh-CN': '本厂、客户处或第三方的挑选费用。', en: "Sorting at our plant, at the customer's or by a third party." } },
  { key: 'rework', title: { 'zh-CN': '返工/返修', en: 'Rework' }, description: { 'zh-CN': '返工、返修的材料与外协费用。', en: 'Material and outsourced work to rework or repair parts.' } },
  { key: 'scrap', title: { 'zh-CN': '报废', en: 'Scrap' }, description: { 'zh-CN': '报废零件与材料的价值。', en: 'Value of scrapped parts and material.' } },
  { key: 'labor', title: { 'zh-CN': '人工工时', en: 'Labor' }, description: { 'zh-CN': '工时 × 小时费率（如 8D 小组、检验、试验）。', en: 'Hours x hourly rate (e.g. 8D team, inspection, tests).' }, calculation: 'hours-x-rate' },
  { key: 'other', title: { 'zh-CN': '其他', en: 'Other' }, description: { 'zh-CN': '其他费用，请在说明中写明。', en: 'Anything else; say what in the description.' } },
];

/** The organization's cost kinds (the shipped set when its template has none). */
export const costKindsOf = (org: OrganizationTemplate | undefined): CostKind[] => org?.costKinds ?? DEFAULT_COST_KINDS;

/** The organization's base currency (ISO 4217): its template's `currency`, CNY when absent. */
export const baseCurrencyOf = (org: OrganizationTemplate | undefined): string => org?.currency ?? 'CNY';
