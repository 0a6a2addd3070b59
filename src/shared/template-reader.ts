import type { EntityManager } from '@mikro-orm/core';
import type { TemplateKind } from './template-kinds';

/**
 * Reading a tenant's latest published template: all most features need of the template store (the
 * organization for permissions and sight, a route, a policy, a pinned version). The templates feature's TemplateService
 * provides it; a feature that only reads takes this interface, not the service, so it does not depend on
 * the templates feature.
 */
export interface TemplateReader {
  latestTemplate<T>(em: EntityManager, tenantId: string, kind: TemplateKind, key: string): Promise<{ version: number; content: T } | undefined>;
  /** A specific version's content (records stay pinned to the version they were made with). */
  templateVersion<T>(em: EntityManager, tenantId: string, kind: TemplateKind, key: string, version: number): Promise<T | undefined>;
}
