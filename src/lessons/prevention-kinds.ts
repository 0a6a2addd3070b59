import type { OrganizationTemplate, PreventionKind } from '../__generated__';

/**
 * The prevention kinds of an organization template published without `preventionKinds` (templates older
 * than closing evaluations): the set shipped in templates/organization.json (a unit test keeps them equal).
 */
export const DEFAULT_PREVENTION_KINDS: PreventionKind[] = [
  { key: 'design', title: { 'zh-CN': '设计改进', en: 'Design' }, description: { 'zh-CN': '图纸、规格、公差或产品结构的更改。', en: 'Changes to drawings, specifications, tolerances or the product itself.' } },
  { key: 'process', title: { 'zh-CN': '过程改进', en: 'Process' }, description: { 'zh-CN': '工艺、防错、控制计划或 PFMEA 的更新。', en: 'Process, error-proofing, control plan or PFMEA updates.' } },
  { key: 'supplier', title: { 'zh-CN': '供应商管理', en: 'Supplier' }, description: { 'zh-CN': '供应商的纠正措施、审核或来料检验。', en: 'Supplier corrective action, audits or incoming inspection.' } },
  { key: 'training', title: { 'zh-CN': '培训', en: 'Training' }, description: { 'zh-CN': '人员培训、作业指导书或资格认定。', en: 'Training, work instructions or qualification.' } },
  { key: 'management-system', title: { 'zh-CN': '体系改进', en: 'Management system' }, description: { 'zh-CN': '程序文件、职责或评审机制的更改。', en: 'Procedures, responsibilities or reviews.' } },
  { key: 'other', title: { 'zh-CN': '其他', en: 'Other' }, description: { 'zh-CN': '其他预防措施，请在说明中写明。', en: 'Anything else; say what in the action.' } },
];

/** The organization's prevention kinds (the shipped set when its template has none). */
export const preventionKindsOf = (org: OrganizationTemplate | undefined): PreventionKind[] => org?.preventionKinds ?? DEFAULT_PREVENTION_KINDS;
