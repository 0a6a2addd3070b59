import type { OrganizationTemplate } from '../__generated__';
import { ADMIN_ROLE, rolesFor } from '../auth';
import { holidayCoverage } from '../calendar';
import { Counter } from '../db/counter.entity';
import { nextCounterValue } from '../db/counter';
import type { WriteScope } from '../db/database';
import { appendEvent, SYSTEM_ACTOR } from '../db/event-log';
import type { Notifier } from '../notifications';
import { TemplateVersion } from '../templates';

export const HOLIDAY_DATA_MISSING_EVENT = 'calendar.holiday_data_missing';

/** The clock whose deadline first fell in the year. */
export interface FlaggedClock {
  subjectType: string;
  subjectId: string;
  subjectNumber: string | null;
  name: string;
  dueAt: Date;
}

/**
 * The first SLA deadline computed over a year without public holiday data warns the tenant's admins (the
 * admin role and the roles that may publish templates, who can add the year), once per tenant and year: one
 * `calendar.holiday_data_missing` event about the organization template version in force, and a
 * notification. The per-tenant counter row `calendar.holiday_data_missing:<year>` makes it once, also
 * between writers racing on PostgreSQL (the second waits on the row and reads 2).
 */
export class HolidayDataWarnings {
  /** Tenant and year pairs known to be warned already (committed counter rows never go away). */
  private readonly warned = new Set<string>();

  constructor(private readonly notifier: Notifier) {}

  async warn(scope: WriteScope, org: OrganizationTemplate, years: Iterable<number>, clock: FlaggedClock, now: Date): Promise<void> {
    const { em, tenantId } = scope;
    for (const year of [...new Set(years)].sort((a, b) => a - b)) {
      const seen = `${tenantId}:${year}`;
      if (this.warned.has(seen)) continue;
      const name = `${HOLIDAY_DATA_MISSING_EVENT}:${year}`;
      if (await em.findOne(Counter, { tenantId, name })) {
        this.warned.add(seen);
        continue;
      }
      if ((await nextCounterValue(em, tenantId, name)) !== 1) continue;
      const version = await em.findOne(TemplateVersion, { tenant: tenantId, kind: 'organization', key: 'default' }, { orderBy: { version: 'desc' } });
      if (!version) continue;
      const coverage = holidayCoverage(org.calendar);
      const title = {
        'zh-CN': `缺少 ${year} 年法定节假日数据：SLA 截止时间未计入该年的节假日和调休上班日，请在组织模板的业务日历中补充`,
        en: `No public holiday data for ${year}: SLA deadlines ignore that year's holidays and make-up working days until an admin adds them to the organization's calendar`,
      };
      const subject = { subjectType: 'TemplateVersion', subjectId: version.id, subjectNumber: `organization/default@${version.version}` };
      const data = {
        year,
        title,
        source: coverage.source,
        coveredYears: coverage.years,
        clock: { subjectType: clock.subjectType, subjectId: clock.subjectId, subjectNumber: clock.subjectNumber, name: clock.name, dueAt: clock.dueAt.toISOString() },
      };
      const holders = await this.notifier.holders(em, tenantId);
      const roles = [...new Set([ADMIN_ROLE, ...rolesFor(org, 'template.publish')])];
      const recipients = this.notifier.notify(em, tenantId, org, holders, roles, { kind: 'holiday_data_missing', ...subject, title, data, at: now });
      await appendEvent(scope, { occurredAt: now, type: HOLIDAY_DATA_MISSING_EVENT, ...subject, actor: SYSTEM_ACTOR, reason: title.en, data: { ...data, recipients } });
    }
  }
}
