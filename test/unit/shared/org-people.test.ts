import { describe, expect, it } from 'vitest';
import type { OrganizationTemplate } from '../../../src/__generated__';
import { approversAndManagers, managersOf, peopleMatching, type OrgMember, type PlacedSelector } from '../../../src/shared/org-roles';

/**
 * hq (ceo) > region-north (regional-manager) > branch-tianjin, branch-beijing (branch-manager)
 *          > region-south (regional-manager) > branch-guangzhou (branch-manager, vacant)
 */
const t = { 'zh-CN': 'x', en: 'x' };
const org = {
  levels: [
    { key: 'staff', title: t, rank: 1 },
    { key: 'branch', title: t, rank: 2 },
    { key: 'region', title: t, rank: 3 },
    { key: 'top', title: t, rank: 4 },
  ],
  roles: [
    { key: 'sales', title: t, level: 'staff' },
    { key: 'branch-manager', title: t, level: 'branch', email: 'branch-managers@example.cn' },
    { key: 'regional-manager', title: t, level: 'region' },
    { key: 'ceo', title: t, level: 'top', email: 'ceo@example.cn' },
  ],
  departments: [
    { key: 'hq', title: t, headRole: 'ceo' },
    { key: 'region-north', title: t, parent: 'hq', headRole: 'regional-manager' },
    { key: 'region-south', title: t, parent: 'hq', headRole: 'regional-manager' },
    { key: 'branch-tianjin', title: t, parent: 'region-north', headRole: 'branch-manager' },
    { key: 'branch-beijing', title: t, parent: 'region-north', headRole: 'branch-manager' },
    { key: 'branch-guangzhou', title: t, parent: 'region-south', headRole: 'branch-manager' },
  ],
} as unknown as OrganizationTemplate;

const member = (id: string, roles: string[], departments: string[], level: string | null = null): OrgMember => ({ id, roles, departments, level });
const members = [
  member('bm-tj', ['branch-manager'], ['branch-tianjin']),
  member('bm-bj', ['branch-manager'], ['branch-beijing']),
  member('rm-n', ['regional-manager'], ['region-north']),
  member('rm-s', ['regional-manager'], ['region-south']),
  member('sales-tj', ['sales'], ['branch-tianjin']),
  member('sales-gz', ['sales'], ['branch-guangzhou']),
  member('acting-gz', ['sales'], ['branch-guangzhou'], 'branch'),
  // An API key: no departments of its own, it stands where its role is head (hq).
  member('ceo-key', ['ceo'], []),
];

describe('people a selector reaches in the responsible department line', () => {
  it.each<{ title: string; selector: PlacedSelector; department: string | null; owner?: string; people: string[] | null; mailRoles?: string[] }>([
    { title: 'a level in the department only', selector: { level: 'branch' }, department: 'branch-tianjin', people: ['bm-tj'], mailRoles: [] },
    { title: 'a level by the person\'s own level', selector: { level: 'branch' }, department: 'branch-guangzhou', people: ['acting-gz'] },
    { title: 'a level up the line when the department has none', selector: { level: 'region' }, department: 'branch-beijing', people: ['rm-n'] },
    { title: 'a level nowhere up the line: no one', selector: { level: 'region' }, department: 'hq', people: null },
    { title: 'a role alone: every holder, with its mailbox', selector: { role: 'branch-manager' }, department: 'branch-tianjin', people: ['bm-tj', 'bm-bj'], mailRoles: ['branch-manager'] },
    { title: 'a role in the responsible department', selector: { role: 'sales', department: '$responsible' }, department: 'branch-tianjin', people: ['sales-tj'] },
    { title: 'a role in a named department', selector: { role: 'sales', department: 'branch-guangzhou' }, department: 'branch-tianjin', people: ['sales-gz', 'acting-gz'] },
    { title: 'the head of the department', selector: { departmentHead: true }, department: 'branch-beijing', people: ['bm-bj'] },
    { title: 'a vacant head: the nearest head above', selector: { departmentHead: true }, department: 'branch-guangzhou', people: ['rm-s'] },
    { title: 'an API key heads where its role is head, with the mailbox', selector: { departmentHead: true }, department: 'hq', people: ['ceo-key'], mailRoles: ['ceo'] },
    { title: "the owner's manager: their department's head", selector: { ownerManager: true }, department: 'branch-guangzhou', owner: 'sales-tj', people: ['bm-tj'] },
    { title: "the owner's manager when the owner heads the department: the head above", selector: { ownerManager: true }, department: 'branch-tianjin', owner: 'bm-tj', people: ['rm-n'] },
    { title: "the owner's manager above a region", selector: { ownerManager: true }, department: 'branch-tianjin', owner: 'rm-n', people: ['ceo-key'] },
    { title: 'no owner: the head of the department', selector: { ownerManager: true }, department: 'branch-tianjin', people: ['bm-tj'] },
  ])('$title', ({ selector, department, owner, people, mailRoles }) => {
    const reached = peopleMatching(org, members, selector, department, owner ?? null);
    expect(reached?.people ?? null).toEqual(people);
    if (mailRoles) expect(reached?.mailRoles).toEqual(mailRoles);
  });

  it("finds an approver's managers in the line, never every holder of the approver role", () => {
    expect(approversAndManagers(org, members, ['branch-manager'], 'branch-beijing')).toEqual({ approvers: ['bm-bj'], managers: ['rm-n'] });
    // No branch manager in Guangzhou's line: every holder approves, each told to their own manager.
    expect(approversAndManagers(org, members, ['branch-manager'], 'branch-guangzhou')).toEqual({ approvers: ['bm-tj', 'bm-bj'], managers: ['rm-n'] });
    expect(managersOf(org, members, members[3], null)).toEqual({ departments: ['hq'], people: [members[7]] });
  });
});
