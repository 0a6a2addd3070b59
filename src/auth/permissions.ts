import type { OrganizationTemplate } from '../__generated__';
import { publicError } from '../shared/errors/public-error';
import type { TemplateReader } from '../shared/template-reader';
import type { Caller } from './principal';

/** The role that always holds every permission (as in workflow transitions): a tenant cannot lock its admins out. */
export const ADMIN_ROLE = 'admin';

/**
 * Operations that no workflow transition, workflow edit or investigation template governs, with the roles
 * that may perform them when the organization template's `permissions` does not say otherwise. The keys are
 * stable: templates and frontends name them.
 */
export const PERMISSIONS = {
  'complaint.create': { description: 'Record a complaint (createComplaint).', roles: ['customer-service-agent', 'customer-service-manager', 'quality-engineer', 'quality-manager', 'sqe'] },
  'complaint.update': { description: "Replace a complaint's form data (updateComplaint).", roles: ['customer-service-agent', 'customer-service-manager', 'quality-engineer', 'quality-manager', 'sqe'] },
  'complaint.confirmDefects': { description: 'Record the confirmed defective quantity (confirmDefectiveQuantity).', roles: ['quality-manager', 'quality-engineer', 'sqe'] },
  'cost.write': { description: 'Add and void cost items (addCostItem, voidCostItem).', roles: ['quality-manager', 'quality-engineer', 'sqe', 'customer-service-manager'] },
  'shipment.write': { description: 'Record and import shipped quantities (recordShipment, importShipments).', roles: ['quality-manager'] },
  'stats.read': {
    description: 'Read statistics and export them (complaintStats, pareto, ppm; statistic and chart exports). Aggregates over every complaint.',
    roles: ['customer-service-manager', 'quality-engineer', 'quality-manager', 'sqe', 'rd-manager', 'production-manager', 'purchasing-manager', 'logistics-manager', 'plant-manager', 'general-manager'],
  },
  'export.complaints': { description: 'Export the complaint list (requestExport COMPLAINTS); rows are the complaints the caller may see.', roles: ['customer-service-manager', 'quality-engineer', 'quality-manager', 'plant-manager', 'general-manager'] },
  'event.read': {
    description: 'Read the event feed and subscribe to events (events, complaintEvents, complaintStatusChanged, investigationUpdated); only events about records the caller may see.',
    roles: [
      'customer-service-agent', 'customer-service-manager', 'quality-engineer', 'quality-manager', 'rd-engineer', 'rd-manager', 'production-engineer', 'production-supervisor',
      'production-manager', 'sqe', 'purchasing-manager', 'logistics-coordinator', 'logistics-manager', 'plant-manager', 'general-manager',
    ],
  },
  'audit.verify': { description: 'Verify the hash-chained audit trail (verifyAuditTrail).', roles: ['quality-manager', 'plant-manager', 'general-manager'] },
  'template.read': { description: 'Read template versions, drafts, diffs, dry runs, exports and updates of the shipped set.', roles: [] },
  'template.edit': { description: 'Create, change and validate template drafts.', roles: [] },
  'template.publish': { description: 'Publish drafts, import template bundles and adopt updates of the shipped set.', roles: [] },
  'user.manage': { description: 'List, create and change users, reset their passwords.', roles: [] },
  'apiKey.manage': { description: 'List, create and revoke API keys.', roles: [] },
  'webhook.manage': { description: 'Manage webhook endpoints and redeliver events.', roles: [] },
} as const satisfies Record<string, { description: string; roles: readonly string[] }>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_KEYS = Object.keys(PERMISSIONS) as Permission[];

export const isPermission = (key: string): key is Permission => Object.hasOwn(PERMISSIONS, key);

/** The roles that hold a permission under this organization template (its `permissions`, else the default). */
export function rolesFor(org: OrganizationTemplate | undefined, permission: Permission): readonly string[] {
  return org?.permissions?.[permission] ?? PERMISSIONS[permission].roles;
}

/** Whether roles hold a permission. */
export function holds(org: OrganizationTemplate | undefined, roles: readonly string[], permission: Permission): boolean {
  if (roles.includes(ADMIN_ROLE)) return true;
  const allowed = rolesFor(org, permission);
  return roles.some((r) => allowed.includes(r));
}

/** Every permission the roles hold, in catalog order. */
export function permissionsOf(org: OrganizationTemplate | undefined, roles: readonly string[]): Permission[] {
  return PERMISSION_KEYS.filter((p) => holds(org, roles, p));
}

type PermissionContext = Caller & { em: Parameters<TemplateReader['latestTemplate']>[0] };
type Templates = Pick<TemplateReader, 'latestTemplate'>;

/** The tenant's latest organization template (cached by the template service). */
export async function organizationOf(templates: Templates, ctx: PermissionContext): Promise<OrganizationTemplate | undefined> {
  return (await templates.latestTemplate<OrganizationTemplate>(ctx.em, ctx.tenant.id, 'organization', 'default'))?.content;
}

/** Throws FORBIDDEN (nothing done) unless the caller's roles hold the permission. */
export async function requirePermission(templates: Templates, ctx: PermissionContext, permission: Permission): Promise<void> {
  if (!holds(await organizationOf(templates, ctx), ctx.principal.roles, permission)) throw publicError('FORBIDDEN', `This needs the permission ${permission}`);
}
