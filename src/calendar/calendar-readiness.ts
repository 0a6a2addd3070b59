import type { OrganizationTemplate } from '../__generated__';
import { Tenant } from '../db/tenant.entity';
import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import type { TemplateReader } from '../shared/template-reader';
import { coverageReport } from './holiday-coverage';

/** What /readyz says of the default tenant's calendar: the years it knows the public holidays of. */
export interface CalendarReadiness {
  tenant: string;
  source: string | null;
  years: number[];
  /** Of the next 12 months by the app clock. */
  missingYears: number[];
}

/**
 * The default tenant's calendar coverage for /readyz: after the first call one cached template lookup, no
 * query. Null when the tenant or its organization is not there (yet); readiness does not depend on it.
 */
export function calendarReadiness(db: Database, templates: TemplateReader, clock: Clock, slug: string): () => Promise<CalendarReadiness | null> {
  let tenantId: string | undefined;
  return async () => {
    // tenant-scope: reviewed — the tenant row itself, by the configured default tenant's slug
    tenantId ??= (await db.system().findOne(Tenant, { slug }, { fields: ['id'] }))?.id;
    if (!tenantId) return null;
    const org = await templates.latestTemplate<OrganizationTemplate>(db.forTenant(tenantId), tenantId, 'organization', 'default');
    if (!org) return null;
    const { source, years, missingYears } = coverageReport(org.content.calendar, clock.now());
    return { tenant: slug, source, years, missingYears };
  };
}
