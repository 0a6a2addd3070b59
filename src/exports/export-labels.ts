import type { Locale } from '../shared/i18n/locale';

type Text = Record<Locale, string>;

/** Column headers, titles and words of the exports and charts, in both languages. */
export const LABELS = {
  total: { 'zh-CN': '合计', en: 'Total' },
  group: { 'zh-CN': '分组', en: 'Group' },
  notSet: { 'zh-CN': '（未设置）', en: '(not set)' },
  other: { 'zh-CN': '其他', en: 'Other' },
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
  noData: { 'zh-CN': '无数据', en: 'No data' },
  // The complaint list.
  number: { 'zh-CN': '编号', en: 'Number' },
  type: { 'zh-CN': '类型', en: 'Type' },
  status: { 'zh-CN': '状态', en: 'Status' },
  summary: { 'zh-CN': '摘要', en: 'Summary' },
  category: { 'zh-CN': '类别', en: 'Category' },
  severity: { 'zh-CN': '严重度', en: 'Severity' },
  department: { 'zh-CN': '责任部门', en: 'Department' },
  product: { 'zh-CN': '产品', en: 'Product' },
  customer: { 'zh-CN': '客户', en: 'Customer' },
  receivedAt: { 'zh-CN': '接收时间', en: 'Received at' },
  closedAt: { 'zh-CN': '关闭时间', en: 'Closed at' },
  cycleHours: { 'zh-CN': '一阶段周期（小时）', en: 'Stage-1 cycle (h)' },
  onTime: { 'zh-CN': '按时关闭', en: 'On time' },
  rejected: { 'zh-CN': '不受理', en: 'Rejected' },
  reopenCount: { 'zh-CN': '重开次数', en: 'Reopened' },
  satisfaction: { 'zh-CN': '满意度', en: 'Satisfaction' },
  claimedDefective: { 'zh-CN': '声称不良数量', en: 'Claimed defective qty' },
  // Complaint statistics.
  count: { 'zh-CN': '投诉数', en: 'Complaints' },
  closedCount: { 'zh-CN': '已关闭', en: 'Closed' },
  medianHours: { 'zh-CN': '周期中位数（小时）', en: 'Median cycle (h)' },
  p90Hours: { 'zh-CN': '周期P90（小时）', en: 'P90 cycle (h)' },
  meanHours: { 'zh-CN': '平均周期（小时）', en: 'Mean cycle (h)' },
  timedCount: { 'zh-CN': '计时关闭数', en: 'Timed' },
  onTimeCount: { 'zh-CN': '按时关闭数', en: 'On time' },
  onTimeRate: { 'zh-CN': '按时率', en: 'On-time rate' },
  rejectedCount: { 'zh-CN': '不受理数', en: 'Rejected' },
  rejectedShare: { 'zh-CN': '不受理占比', en: 'Rejected share' },
  reopenedCount: { 'zh-CN': '重开数', en: 'Reopened' },
  reopenRate: { 'zh-CN': '重开率', en: 'Reopen rate' },
  satisfactionCount: { 'zh-CN': '满意度回复数', en: 'Satisfaction answers' },
  satisfactionMean: { 'zh-CN': '平均满意度', en: 'Mean satisfaction' },
  repeatCount: { 'zh-CN': '重复投诉数', en: 'Repeats' },
  repeatRate: { 'zh-CN': '重复投诉率', en: 'Repeat rate' },
  stageTwoOpened: { 'zh-CN': '二阶段开立数', en: 'Stage-2 opened' },
  stageTwoOpen: { 'zh-CN': '二阶段未关闭', en: 'Stage-2 open' },
  stageTwoClosed: { 'zh-CN': '二阶段已关闭', en: 'Stage-2 closed' },
  stageTwoMedianHours: { 'zh-CN': '二阶段周期中位数（小时）', en: 'Stage-2 median cycle (h)' },
  stageTwoP90Hours: { 'zh-CN': '二阶段周期P90（小时）', en: 'Stage-2 P90 cycle (h)' },
  stageTwoOnTimeRate: { 'zh-CN': '二阶段按时率', en: 'Stage-2 on-time rate' },
  amount: { 'zh-CN': '数量', en: 'Quantity' },
  cumulativeAmount: { 'zh-CN': '累计数量', en: 'Cumulative quantity' },
  cost: { 'zh-CN': '成本', en: 'Cost' },
  cumulativeCost: { 'zh-CN': '累计成本', en: 'Cumulative cost' },
  // Pareto.
  percentage: { 'zh-CN': '占比', en: 'Share' },
  cumulativeCount: { 'zh-CN': '累计数', en: 'Cumulative count' },
  cumulativePercentage: { 'zh-CN': '累计占比', en: 'Cumulative share' },
  // PPM.
  complaintCount: { 'zh-CN': '投诉数', en: 'Complaints' },
  defectiveQuantity: { 'zh-CN': '不良数量', en: 'Defective qty' },
  shippedQuantity: { 'zh-CN': '发货数量', en: 'Shipped qty' },
  ppm: { 'zh-CN': 'PPM', en: 'PPM' },
  noShipments: { 'zh-CN': '无发货记录', en: 'No shipments' },
  // Charts.
  paretoTitle: { 'zh-CN': '投诉帕累托图', en: 'Complaint Pareto' },
  trendTitle: { 'zh-CN': '投诉趋势', en: 'Complaint trend' },
  perMonth: { 'zh-CN': '每月投诉数', en: 'Complaints per month' },
  perWeek: { 'zh-CN': '每周投诉数', en: 'Complaints per week' },
  cumulative: { 'zh-CN': '累计占比', en: 'Cumulative %' },
  reference80: { 'zh-CN': '80% 参考线', en: '80% reference' },
  // Sheet names.
  complaintsSheet: { 'zh-CN': '投诉清单', en: 'Complaints' },
  statsSheet: { 'zh-CN': '投诉统计', en: 'Complaint statistics' },
  paretoSheet: { 'zh-CN': '帕累托', en: 'Pareto' },
  ppmSheet: { 'zh-CN': 'PPM', en: 'PPM' },
} satisfies Record<string, Text>;

export type LabelKey = keyof typeof LABELS;

/** The dimension names as column headers and chart axis titles. */
export const DIMENSION_LABELS: Record<string, Text> = {
  MONTH: { 'zh-CN': '月份', en: 'Month' },
  WEEK: { 'zh-CN': '周', en: 'Week' },
  CATEGORY: { 'zh-CN': '类别', en: 'Category' },
  DEPARTMENT: { 'zh-CN': '责任部门', en: 'Department' },
  PRODUCT: { 'zh-CN': '产品', en: 'Product' },
  CUSTOMER: { 'zh-CN': '客户', en: 'Customer' },
  SEVERITY: { 'zh-CN': '严重度', en: 'Severity' },
  TYPE: { 'zh-CN': '类型', en: 'Type' },
  STATUS: { 'zh-CN': '状态', en: 'Status' },
};

export const label = (key: LabelKey, language: Locale): string => LABELS[key][language];

/** The header of the stored-key column next to a titled one: 类别代码 / Category key. */
export const keyHeader = (dimension: string, language: Locale): string => (language === 'zh-CN' ? `${DIMENSION_LABELS[dimension][language]}代码` : `${DIMENSION_LABELS[dimension][language]} key`);
