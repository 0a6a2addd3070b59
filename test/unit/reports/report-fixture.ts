import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalizedText } from '../../../src/__generated__';
import type { InvestigationReport, ReportPerson, ReportSection } from '../../../src/reports/investigation-report';

const templatesDir = join(__dirname, '../../../templates');

interface TemplateSection {
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  schema: Record<string, unknown>;
  signOffRole: string;
}

interface InvestigationTemplateFile {
  key: string;
  title: LocalizedText;
  sections: TemplateSection[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(templatesDir, path), 'utf8')) as T;

/** A shipped investigation template as stored on disk (8d or 3d). */
export function investigationTemplate(key: '8d' | '3d'): InvestigationTemplateFile {
  return readJson<InvestigationTemplateFile>(`investigations/${key}.json`);
}

/** Role and department titles from the shipped organization template, severities from product-quality. */
export function keyTitlesFromTemplates(): NonNullable<InvestigationReport['keyTitles']> {
  const organization = readJson<{ roles: Array<{ key: string; title: LocalizedText }>; departments: Array<{ key: string; title: LocalizedText }> }>(
    'organization.json',
  );
  const productQuality = readJson<{ severities: Array<{ key: string; title: LocalizedText }> }>('complaint-types/product-quality.json');
  const byKey = (list: Array<{ key: string; title: LocalizedText }>) => Object.fromEntries(list.map((x) => [x.key, x.title]));
  return { role: byKey(organization.roles), department: byKey(organization.departments), severity: byKey(productQuality.severities) };
}

export const people = {
  leader: { id: 'u-li-na', name: '李娜 Li Na' },
  champion: { id: 'u-wang-jianguo', name: '王建国' },
  qualityEngineer: { id: 'u-chen-xiaoming', name: '陈晓明' },
  productionEngineer: { id: 'u-zhao-lei', name: '赵磊' },
  rdEngineer: { id: 'u-liu-yang', name: '刘洋' },
  sqe: { id: 'u-sun-li', name: '孙丽' },
  customerService: { id: 'u-tom-becker', name: 'Tom Becker' },
  qualityManager: { id: 'u-zhou-min', name: '周敏 Zhou Min' },
  rdManager: { id: 'u-huang-tao', name: '黄涛' },
} satisfies Record<string, ReportPerson>;

/** A long cause, to make the fishbone cut a line and list the causes in full. */
export const LONG_CAUSE =
  '冲孔凸模导向套磨损后定位销与工件定位孔配合间隙增大至 0.25 mm，导致连续冲压时工件在模具内发生微小窜动（Guide bush wear let the part shift in the die）';

/** Payloads for the shipped 8D template, valid against its section schemas: a brake bracket with an offset hole. */
export const EIGHT_D_PAYLOADS: Record<string, Record<string, unknown>> = {
  D0: {
    symptom: '客户来料检验发现制动支架 BRK-2041 安装孔位置偏移约 0.3 mm，无法与转向节装配。Mounting hole of brake bracket BRK-2041 is off by about 0.3 mm; it cannot be bolted to the knuckle.',
    emergencyResponseNeeded: true,
    actions: [
      { action: '冻结成品库及在途批次 L2026-11-07A', owner: '陈晓明', dueDate: '2026-11-20', completedAt: '2026-11-20' },
      { action: 'Send two inspectors to sort parts at the customer site', owner: 'Tom Becker', dueDate: '2026-11-21', completedAt: '2026-11-21' },
    ],
    customerNotifiedAt: '2026-11-20T03:30:00Z',
    attachments: [{ name: '客户投诉照片.zip', ref: 'files/2026/11/complaint-photos.zip' }],
  },
  D1: {
    champion: { name: '王建国', position: '工厂总经理 Plant manager' },
    leader: { name: '李娜 Li Na', position: '质量经理' },
    members: [
      { name: '陈晓明', department: '质量部', teamRole: 'quality', contact: 'chen.xm@example.cn' },
      { name: '赵磊', department: '冲压车间', teamRole: 'production', contact: '分机 6021' },
      { name: '刘洋', department: '研发部', teamRole: 'design' },
      { name: '孙丽', department: '采购部', teamRole: 'purchasing-sqe' },
      { name: 'Tom Becker', department: 'Customer Service', teamRole: 'customer-service', contact: 'tom.becker@example.com' },
    ],
  },
  D2: {
    problemStatement:
      '2026-11-20 客户华东汽车零部件有限公司在来料检验中发现批次 L2026-11-07A 的制动支架 BRK-2041 安装孔位置度超差：实测偏移 0.28–0.32 mm，图纸要求 ±0.15 mm。抽检 2400 件中 120 件不合格（5%）。',
    fiveW2H: {
      what: '制动支架 BRK-2041 的 Ø10.5 安装孔位置度超差',
      why: '违反图纸 BRK-2041 Rev.C 位置度 ±0.15 mm 要求，无法装配',
      where: '客户来料检验；零件左侧安装孔（靠近折弯边）',
      when: '2026-11-07 夜班生产，2026-11-20 客户发现',
      who: '客户 IQC 检验员王工发现；影响客户总装线',
      how: '客户用检具（go/no-go 销）检查时销插不进',
      howMany: 120,
      howManyChecked: 2400,
    },
    isIsNot: [
      { dimension: 'what', is: '左侧安装孔位置偏移', isNot: '右侧孔、孔径、折弯角度', distinction: '左孔由第 3 工位冲出，右孔由第 4 工位冲出' },
      { dimension: 'when', is: '11-07 夜班 02:00 之后的零件', isNot: '白班零件及 11-06 之前的批次', distinction: '夜班未做中间检验' },
      { dimension: 'extent', is: '120 / 2400（5%）', isNot: '整批不良', distinction: '偏移随冲次逐渐增大' },
    ],
  },
  D3: {
    actions: [
      { action: '客户现场 100% 检具挑选', scope: 'customer-site', owner: 'Tom Becker', implementedAt: '2026-11-21', quantityChecked: 2400, quantityNonconforming: 120 },
      { action: '成品库 100% 检具检验', scope: 'finished-goods', owner: '陈晓明', implementedAt: '2026-11-21', quantityChecked: 5600, quantityNonconforming: 37 },
      { action: '在制品隔离并标识为可疑品', scope: 'work-in-progress', owner: '赵磊', implementedAt: '2026-11-20', quantityChecked: 800, quantityNonconforming: 4 },
    ],
    cleanPoint: { firstCleanLot: 'L2026-11-22B', marking: '外箱贴绿色圆形标签“8D-OK”', shippedAt: '2026-11-23' },
    verification: {
      effective: true,
      method: '客户连续 3 批来料 100% 检具检验',
      result: '3 批共 7200 件，0 件不合格 / 0 defects in 7,200 parts',
      verifiedBy: '陈晓明',
      verifiedAt: '2026-11-28',
    },
  },
  D4: {
    occurrence: {
      fishbone: {
        man: ['夜班操作工未按要求做首件和中间检验', '新员工培训未覆盖换模后的定位确认'],
        machine: [LONG_CAUSE, '压力机滑块平行度在公差上限', '模具定位销磨损'],
        material: ['卷料厚度 2.5 mm 在公差内，已排除'],
        method: ['模具保养按日历（每月）而非冲次', '保养清单不含定位销尺寸测量', '作业指导书未规定中间检验频次'],
        measurement: ['检具只在首件时使用'],
        environment: ['车间温度变化小，已排除'],
      },
      fiveWhys: [
        { why: '为什么安装孔位置偏移？', because: '第 3 工位冲孔时工件在模具内窜动 0.3 mm' },
        { why: '为什么工件会窜动？', because: '定位销磨损，与定位孔间隙增大到 0.25 mm' },
        { why: '为什么定位销磨损没有被发现？', because: '模具保养清单不包含定位销尺寸测量' },
        { why: 'Why does the checklist miss it?', because: 'The PM checklist was copied from an older die without locating pins' },
        { why: '为什么保养按日历而不是冲次？', because: '模具管理程序未规定按冲次计数的保养周期' },
      ],
      rootCause: '模具保养按日历进行且不测量定位销，定位销磨损后工件在第 3 工位窜动，导致孔位偏移。Die maintenance by calendar, without measuring the locating pins.',
      verification: { verified: true, method: '装回磨损定位销再现缺陷，更换新销后缺陷消失', result: '再现 30 件中 28 件超差；换新销后 100 件全部合格' },
    },
    escape: {
      fishbone: {
        man: ['检验员只做外观检查'],
        machine: [],
        material: [],
        method: ['控制计划中孔位置度只在首件检验', '出货检验抽样 5 件/班，不足以发现渐进磨损'],
        measurement: ['夜班检具被借到另一条线', '卡尺无法测量位置度'],
        environment: [],
      },
      fiveWhys: [
        { why: '为什么不良品流出到客户？', because: '出货检验未检查孔位置度' },
        { why: '为什么出货检验没有检查位置度？', because: '控制计划只规定首件检验位置度' },
        { why: '为什么控制计划只规定首件？', because: 'PFMEA 未识别定位销磨损这一失效原因，探测度评分偏低' },
      ],
      rootCause: '控制计划仅在首件检验孔位置度，无法探测生产过程中的渐进磨损。',
      verification: { verified: true, method: '审核 11-07 夜班检验记录', result: '夜班无任何位置度检验记录' },
    },
  },
  D5: {
    actions: [
      {
        addresses: 'occurrence',
        action: '模具保养改为每 20000 冲次，保养清单增加定位销尺寸测量（磨损 >0.05 mm 即更换）',
        owner: '赵磊',
        plannedDate: '2026-12-05',
        verification: { method: '小批量试制 500 件并测量位置度', result: 'Cpk = 1.86', verified: true, verifiedAt: '2026-12-04' },
      },
      {
        addresses: 'escape',
        action: 'Control plan: hole position checked with the gauge every 2 hours and at every die change',
        owner: '陈晓明',
        plannedDate: '2026-12-03',
        verification: { method: '模拟磨损销试验，检验频次下能否在 2 小时内发现', result: '可在第一次巡检时发现', verified: true },
      },
    ],
    alternativesConsidered: '更换为硬质合金定位销（成本高、交期 6 周，作为长期改进）；在线视觉检测（投资大，暂不采用）。',
    risks: '保养频次提高导致每月停机约 2 小时，已纳入生产计划。',
  },
  D6: {
    implementations: [
      { action: '更新模具保养清单 MP-STP-017 并培训保全人员', implementedAt: '2026-12-05', evidence: '培训签到表 TR-2026-1205' },
      { action: 'Control plan CP-BRK-2041 Rev.F released', implementedAt: '2026-12-03', evidence: 'PLM change ECN-2026-311' },
    ],
    validation: {
      method: '跟踪 6 周生产及客户来料数据',
      monitoredFrom: '2026-12-06',
      monitoredUntil: '2027-01-16',
      quantityProduced: 48000,
      quantityDefective: 0,
      result: '跟踪期内 48000 件无位置度不良，客户零投诉。',
    },
    containmentRemoval: { removed: true, removedAt: '2027-01-18', justification: '连续 6 周零缺陷，客户同意撤除 100% 挑选' },
  },
  D7: {
    documentUpdates: [
      { document: 'pfmea', documentNumber: 'PFMEA-BRK-2041', revision: 'G', change: '增加失效原因“定位销磨损”，探测度 8→4', owner: '刘洋', completedAt: '2026-12-10' },
      { document: 'control-plan', documentNumber: 'CP-BRK-2041', revision: 'F', change: '孔位置度检验频次：每 2 小时及换模后', owner: '陈晓明', completedAt: '2026-12-03' },
      { document: 'work-instruction', documentNumber: 'WI-STP-044', revision: 'D', change: 'Added the gauge check to the operator sheet', owner: '赵磊', completedAt: '2026-12-05' },
    ],
    horizontalDeployment: [
      { scope: '同类带定位销的级进模（共 14 副）', action: '全部纳入按冲次保养并测量定位销', owner: '赵磊', completedAt: '2026-12-20' },
      { scope: 'Plant 2 stamping line', action: 'Same PM checklist rolled out', owner: 'Tom Becker' },
    ],
    lessonsLearned: '模具保养应以冲次为基准，并对所有定位元件做尺寸测量；渐进磨损类失效需在控制计划中设置过程中检验。',
  },
  D8: {
    effectivenessCheck: { effective: true, method: '客户 PPM 与内部巡检数据复核', period: '2026-12-06 至 2027-01-16（6 周）', checkedBy: '周敏 Zhou Min', checkedAt: '2027-01-20' },
    customerAcceptance: { accepted: true, acceptedAt: '2027-01-22', reference: '客户邮件 2027-01-22 / SQE 关闭确认单 HD-8D-0457' },
    recognition: '感谢冲压车间与质量部在 48 小时内完成遏制；授予小组季度质量改进奖。',
    closedAt: '2027-01-25',
  },
};

const at = (iso: string) => new Date(iso);

function sectionsFrom(
  template: InvestigationTemplateFile,
  payloads: Record<string, Record<string, unknown>>,
  start: Date,
): ReportSection[] {
  const day = 24 * 3600 * 1000;
  return template.sections.map((section, i) => {
    const submittedAt = new Date(start.getTime() + (i + 1) * 3 * day);
    const signedAt = new Date(submittedAt.getTime() + 6 * 3600 * 1000);
    const signOffs: ReportSection['signOffs'] = [
      { by: people.qualityManager, role: section.signOffRole, at: signedAt, comment: i % 2 === 0 ? '同意 / Approved' : null },
    ];
    if (section.key === 'D5') signOffs.push({ by: people.rdManager, role: 'rd-manager', at: new Date(signedAt.getTime() + 3600 * 1000), comment: '设计无需变更，同意实施。' });
    return {
      key: section.key,
      title: section.title,
      description: section.description,
      status: 'signed-off',
      schema: section.schema,
      data: payloads[section.key] ?? null,
      submittedBy: section.key === 'D1' ? people.leader : people.qualityEngineer,
      submittedAt,
      signOffs,
    };
  });
}

const complaint = {
  number: 'CMP-2026-000457',
  customer: '华东汽车零部件有限公司',
  partNumber: 'BRK-2041',
  receivedAt: '2026-11-20T00:30:00Z',
  description: '孔位偏移 0.3 mm，无法装配。Hole position off by 0.3 mm; cannot assemble.',
};

/** A closed 8D on the shipped template, every section D0..D8 filled in and signed off. */
export function build8dReport(overrides: Partial<InvestigationReport> = {}): InvestigationReport {
  const template = investigationTemplate('8d');
  const openedAt = at('2026-11-20T02:00:00Z');
  return {
    number: 'INV-2026-000123',
    title: '制动支架安装孔位置偏移 / Brake bracket mounting hole offset',
    status: 'closed',
    template: { key: template.key, version: 3, title: template.title },
    severity: 'major',
    department: 'production',
    openedAt,
    closedAt: at('2027-01-25T08:00:00Z'),
    leader: people.leader,
    champion: people.champion,
    team: [
      { ...people.leader, role: 'quality-manager' },
      { ...people.qualityEngineer, role: 'quality-engineer' },
      { ...people.productionEngineer, role: 'production-engineer' },
      { ...people.rdEngineer, role: 'rd-engineer' },
      { ...people.sqe, role: 'sqe' },
      { ...people.customerService, role: 'customer-service-manager' },
    ],
    complaints: [complaint, { ...complaint, number: 'CMP-2026-000461', receivedAt: '2026-11-21', description: '同一问题，第二批 / Same defect, second lot' }],
    sections: sectionsFrom(template, EIGHT_D_PAYLOADS, openedAt),
    effectiveness: {
      scheduledFor: '2027-03-31',
      criteria: '连续 3 个月客户 PPM < 50 且无重复投诉',
      result: 'passed',
      evidence: '客户记分卡 2027-Q1：PPM = 0',
      recordedBy: '周敏 Zhou Min',
      recordedAt: at('2027-04-02T06:00:00Z'),
    },
    generatedAt: at('2027-04-03T01:02:03Z'),
    timeZone: 'Asia/Shanghai',
    keyTitles: keyTitlesFromTemplates(),
    ...overrides,
  };
}

export const THREE_D_PAYLOADS: Record<string, Record<string, unknown>> = {
  D1: {
    problemStatement: '发货单打印的零件号与实物标签不一致（1 箱）。Delivery note part number did not match the box label (one box).',
    containmentActions: [{ action: '客户处换标并核对同批其余 11 箱', owner: 'Tom Becker', completedAt: '2026-10-09' }],
    containmentEffective: true,
  },
  D2: {
    fiveWhys: [
      { why: '为什么发货单与标签不一致？', because: '仓管员从上一张订单复制了发货单' },
      { why: '为什么会复制旧发货单？', because: 'ERP 发货模板允许手工覆盖零件号' },
    ],
    rootCause: 'ERP 发货模板允许手工修改零件号，且无扫码核对。',
  },
  D3: {
    actions: [{ action: '发货时扫描箱标与发货单条码核对', owner: '孙丽', completedAt: '2026-10-20' }],
    effectivenessCheck: { effective: true, method: '抽查 30 天发货记录', checkedAt: '2026-11-20' },
    closedAt: '2026-11-21',
  },
};

/** A closed 3D short form: one section still a draft and one never filled in, to show those states. */
export function build3dReport(overrides: Partial<InvestigationReport> = {}): InvestigationReport {
  const template = investigationTemplate('3d');
  const openedAt = at('2026-10-08T01:00:00Z');
  const sections = sectionsFrom(template, THREE_D_PAYLOADS, openedAt);
  sections[2] = { ...sections[2], status: 'draft', submittedBy: null, submittedAt: null, signOffs: [] };
  return {
    number: 'INV-2026-000098',
    title: '发货单零件号错误 / Wrong part number on the delivery note',
    status: 'open',
    template: { key: template.key, version: 1, title: template.title },
    severity: 'minor',
    department: 'logistics',
    openedAt,
    closedAt: null,
    leader: people.sqe,
    champion: null,
    team: [{ ...people.sqe, role: 'sqe' }],
    complaints: [{ number: 'CMP-2026-000390', customer: 'ACME Automotive', partNumber: null, receivedAt: '2026-10-08', description: null }],
    sections,
    effectiveness: null,
    generatedAt: at('2026-11-21T09:00:00Z'),
    timeZone: 'Asia/Shanghai',
    keyTitles: keyTitlesFromTemplates(),
    ...overrides,
  };
}
