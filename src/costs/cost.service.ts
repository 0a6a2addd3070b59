import { type EntityManager, OptimisticLockError } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { DateTime } from 'luxon';
import { seesSubject, sightFor } from '../auth';
import type { CostKind, OrganizationTemplate } from '../__generated__';
import { actorOf } from '../auth';
import { Complaint } from '../complaints';
import { AbortWrite, type Database, type WriteScope } from '../db/database';
import { appendEvent } from '../db/event-log';
import { Investigation, InvestigationLink } from '../investigations';
import type { Clock } from '../scheduler';
import type { Context } from '../shared/request-context';
import { IdempotencyKeyReusedError, NotFoundError, ValidationError, ValidationProblem } from '../shared/errors/error-results';
import { publicError } from '../shared/errors/public-error';
import { fromGlobalId, localUuid, toGlobalId } from '../shared/graphql/global-id';
import type { Locale } from '../shared/i18n/locale';
import { IdempotentRequest, idempotencyKeyProblem } from '../shared/idempotency/idempotency';
import type { TemplateReader } from '../shared/template-reader';
import { costItemsOf } from './cost-batch';
import { CostItem, type CostSubjectType } from './cost-item.entity';
import { baseCurrencyOf, costKindsOf } from './cost-kinds';
import type { AddCostItemInput, VoidCostItemInput } from './cost.inputs';
import { AlreadyVoidedError, type ComplaintCosts, CostCalculation, CostItemView, type CostKindView, type InvestigationCosts, type Money } from './cost.results';
import { atScale, currencyExponent, divideHalfUp, formatDecimal, formatMinor, MAX_MINOR, parseDecimal } from './money';

const ADD = 'addCostItem';
const MAX_TEXT = 2000;
/** Hours of one item: at most 100,000 (in hundredths). */
const MAX_HOURS_HUNDREDTHS = 10_000_000n;
const RATE_SCALE = 10;

type AddResult = CostItemView | ValidationError | NotFoundError | IdempotencyKeyReusedError;
type VoidResult = CostItemView | ValidationError | NotFoundError | AlreadyVoidedError;

/** What a valid input records. */
interface Priced {
  kind: string;
  description: string | null;
  hoursHundredths: number | null;
  rateMinor: number | null;
  amountMinor: number;
  currency: string;
  exchangeRate: string | null;
  baseCurrency: string;
  baseAmountMinor: number;
  incurredOn: string | null;
}

const say = (locale: Locale, zh: string, en: string) => (locale === 'zh-CN' ? zh : en);
const exponentOf = (currency: string): number => currencyExponent(currency) ?? 2;
const money = (minor: bigint | number, currency: string): Money => ({ amount: formatMinor(BigInt(minor), exponentOf(currency)), currency });

/** A cost item as events record it: amounts as decimal strings. */
function snapshot(i: CostItem) {
  return {
    costItemId: i.id,
    kind: i.kind,
    description: i.description,
    hours: i.hoursHundredths === null ? null : formatDecimal(BigInt(i.hoursHundredths), 2),
    rate: i.rateMinor === null ? null : formatMinor(BigInt(i.rateMinor), exponentOf(i.currency)),
    amount: formatMinor(BigInt(i.amountMinor), exponentOf(i.currency)),
    currency: i.currency,
    exchangeRate: i.exchangeRate,
    baseAmount: formatMinor(BigInt(i.baseAmountMinor), exponentOf(i.baseCurrency)),
    baseCurrency: i.baseCurrency,
    incurredOn: i.incurredOn,
    voided: i.voidedAt !== null,
  };
}

/** Sums of the items not voided: per currency, and in the base currency (items recorded under another base currency are not converted). */
function totals(items: CostItem[], baseCurrency: string): { byCurrency: Money[]; base: bigint } {
  const byCurrency = new Map<string, bigint>();
  let base = 0n;
  for (const i of items) {
    if (i.voidedAt) continue;
    byCurrency.set(i.currency, (byCurrency.get(i.currency) ?? 0n) + BigInt(i.amountMinor));
    if (i.baseCurrency === baseCurrency) base += BigInt(i.baseAmountMinor);
  }
  return { byCurrency: [...byCurrency].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, v]) => money(v, c)), base };
}

/**
 * Costs of complaints and investigations (issue #10): append-only items, voided to correct, each change one
 * transaction with its event, and for a complaint its statistics fact's cost_base_minor moved by the item's
 * base amount (an atomic increment, so concurrent writers on PostgreSQL cannot lose one another's change).
 */
export class CostService {
  constructor(
    private readonly db: Database,
    private readonly templates: TemplateReader,
    private readonly clock: Clock,
  ) {}

  async kinds(ctx: Context): Promise<CostKindView[]> {
    return costKindsOf(await this.org(ctx.em, ctx.tenant.id)).map((k) => ({
      key: k.key,
      title: { zhCN: k.title['zh-CN'], en: k.title.en },
      description: k.description ? { zhCN: k.description['zh-CN'], en: k.description.en } : null,
      calculation: k.calculation === 'hours-x-rate' ? CostCalculation.HOURS_X_RATE : CostCalculation.AMOUNT,
    }));
  }

  async add(ctx: Context, input: AddCostItemInput): Promise<AddResult> {
    const org = await this.org(ctx.em, ctx.tenant.id);
    const priced = this.price(input, org, ctx.locale);
    if (priced instanceof ValidationError) return priced;
    const subject = fromGlobalId(input.subjectId);
    const subjectType = subject?.type === 'Complaint' || subject?.type === 'Investigation' ? (subject.type as CostSubjectType) : null;
    const subjectId = subjectType ? localUuid(input.subjectId, subjectType) : null;
    if (!subjectType || !subjectId) return new NotFoundError(input.subjectId);
    const { idempotencyKey: key, ...request } = input;
    const idempotent = IdempotentRequest.of(ADD, key, request, async (em, id) => this.view(await em.findOneOrFail(CostItem, { id }), org, ctx.locale));
    const replay = await idempotent?.replay(ctx.em);
    if (replay) return replay;
    const sight = sightFor(org, ctx.tenant.id, ctx.principal, this.db.dialect);
    try {
      const item = await this.db.write(ctx.tenant.id, async (scope): Promise<CostItem | AddResult> => {
        const { em, tenantId } = scope;
        // Re-checked under the write lock: a concurrent retry may have committed meanwhile.
        const replay = await idempotent?.replay(em);
        if (replay) throw new AbortWrite(replay);
        const owner = await em.findOne<Complaint | Investigation>(subjectType === 'Complaint' ? Complaint : Investigation, { id: subjectId });
        if (!owner || !(await seesSubject(em, sight, { subjectType, subjectId }))) throw new AbortWrite(new NotFoundError(input.subjectId));
        const now = this.clock.now();
        const item = em.create(CostItem, { tenantId, subjectType, subjectId, ...priced, recordedBy: ctx.principal.id, recordedByName: ctx.principal.name, recordedAt: now });
        idempotent?.remember(em, tenantId, item.id, now);
        if (subjectType === 'Complaint') await this.moveFact(scope, subjectId, BigInt(item.baseAmountMinor));
        await appendEvent(scope, {
          occurredAt: now,
          type: `${subjectType === 'Complaint' ? 'complaint' : 'investigation'}.cost_added`,
          subjectType,
          subjectId,
          subjectNumber: owner.number,
          actor: actorOf(ctx),
          reason: priced.description,
          data: { before: null, after: snapshot(item) },
        });
        return item;
      });
      return item instanceof CostItem ? this.view(item, org, ctx.locale) : item;
    } catch (error) {
      // PostgreSQL: two first attempts with one key raced; the loser returns the winner's result.
      const replay = await idempotent?.replayAfterRace(error, ctx.em);
      if (replay) return replay;
      throw error;
    }
  }

  async void(ctx: Context, input: VoidCostItemInput): Promise<VoidResult> {
    const reason = input.reason.trim();
    if (!reason || reason.length > MAX_TEXT) {
      const problem = reason
        ? new ValidationProblem('/input/reason', 'LENGTH', say(ctx.locale, `最多 ${MAX_TEXT} 个字符`, `at most ${MAX_TEXT} characters`))
        : new ValidationProblem('/input/reason', 'REQUIRED', say(ctx.locale, '必须说明作废原因', 'say why the item is voided'));
      return new ValidationError([problem], ctx.locale);
    }
    const id = localUuid(input.id, 'CostItem');
    if (!id) return new NotFoundError(input.id);
    const org = await this.org(ctx.em, ctx.tenant.id);
    try {
      const result = await this.db.write(ctx.tenant.id, async (scope): Promise<VoidResult> => {
        const { em } = scope;
        const item = await em.findOne(CostItem, { id });
        if (!item || !(await seesSubject(em, sightFor(org, ctx.tenant.id, ctx.principal, this.db.dialect), item))) return new NotFoundError(input.id);
        if (item.voidedAt) return new AlreadyVoidedError(this.view(item, org, ctx.locale));
        const owner = await em.findOne<Complaint | Investigation>(item.subjectType === 'Complaint' ? Complaint : Investigation, { id: item.subjectId });
        const before = snapshot(item);
        const now = this.clock.now();
        Object.assign(item, { voidedAt: now, voidedBy: ctx.principal.id, voidedByName: ctx.principal.name, voidReason: reason });
        if (item.subjectType === 'Complaint') await this.moveFact(scope, item.subjectId, -BigInt(item.baseAmountMinor));
        // The versioned UPDATE: a concurrent void that committed first makes it fail here (PostgreSQL).
        await em.flush();
        await appendEvent(scope, {
          occurredAt: now,
          type: `${item.subjectType === 'Complaint' ? 'complaint' : 'investigation'}.cost_voided`,
          subjectType: item.subjectType,
          subjectId: item.subjectId,
          subjectNumber: owner?.number ?? null,
          actor: actorOf(ctx),
          reason,
          data: { before, after: snapshot(item) },
        });
        return this.view(item, org, ctx.locale);
      });
      return result;
    } catch (error) {
      if (!(error instanceof OptimisticLockError)) throw error;
      const current = await ctx.em.fork().findOne(CostItem, { id });
      if (current?.voidedAt) return new AlreadyVoidedError(this.view(current, org, ctx.locale));
      throw error;
    }
  }

  /** The item with this global ID in the caller's tenant; NOT_FOUND otherwise. */
  async get(ctx: Context, globalId: string): Promise<CostItemView> {
    const id = localUuid(globalId, 'CostItem');
    const item = id ? await ctx.em.findOne(CostItem, { id }) : null;
    const org = await this.org(ctx.em, ctx.tenant.id);
    if (!item || !(await seesSubject(ctx.em, sightFor(org, ctx.tenant.id, ctx.principal, this.db.dialect), item))) throw publicError('NOT_FOUND', `No cost item with id ${globalId}`);
    return this.view(item, org, ctx.locale);
  }

  /** A complaint's items (voided ones only when asked) and totals; batched across the complaints of one request. */
  async ofComplaint(ctx: Context, complaint: Complaint, includeVoided: boolean): Promise<ComplaintCosts> {
    const [items, org] = await Promise.all([costItemsOf(ctx.em, complaint.id), this.org(ctx.em, ctx.tenant.id)]);
    const base = baseCurrencyOf(org);
    const sum = totals(items, base);
    return {
      items: items.filter((i) => includeVoided || !i.voidedAt).map((i) => this.view(i, org, ctx.locale)),
      totalsByCurrency: sum.byCurrency,
      baseTotal: money(sum.base, base),
      activeCount: items.filter((i) => !i.voidedAt).length,
    };
  }

  /** An investigation's own items and totals, each linked complaint's totals, and the sums of both. */
  async ofInvestigation(ctx: Context, inv: Investigation, includeVoided: boolean): Promise<InvestigationCosts> {
    const org = await this.org(ctx.em, ctx.tenant.id);
    const base = baseCurrencyOf(org);
    const links = await ctx.em.find(InvestigationLink, { investigationId: inv.id, unlinkedAt: null }, {});
    const ids = links.map((l) => l.complaintId);
    const [complaints, items] = await Promise.all([
      ids.length ? ctx.em.find(Complaint, { id: { $in: ids } }) : Promise.resolve([]),
      ctx.em.find(CostItem, { subjectId: { $in: [inv.id, ...ids] } }, { orderBy: { recordedAt: 'asc', id: 'asc' } }),
    ]);
    const byId = new Map(complaints.map((c) => [c.id, c]));
    const own = items.filter((i) => i.subjectId === inv.id);
    const ownSum = totals(own, base);
    // Linked together (same instant): by complaint number.
    const linkedAt = new Map(links.map((l) => [l.complaintId, l.linkedAt.getTime()]));
    const ordered = ids.filter((id) => byId.has(id)).sort((x, y) => linkedAt.get(x)! - linkedAt.get(y)! || byId.get(x)!.number.localeCompare(byId.get(y)!.number));
    const linked = ordered.map((id) => ({ complaint: byId.get(id)!, sum: totals(items.filter((i) => i.subjectId === id), base) }));
    const complaintsBase = linked.reduce((s, l) => s + l.sum.base, 0n);
    const counted = items.filter((i) => i.subjectId === inv.id || byId.has(i.subjectId));
    return {
      items: own.filter((i) => includeVoided || !i.voidedAt).map((i) => this.view(i, org, ctx.locale)),
      totalsByCurrency: ownSum.byCurrency,
      baseTotal: money(ownSum.base, base),
      complaints: linked.map((l) => ({ complaint: l.complaint, totalsByCurrency: l.sum.byCurrency, baseTotal: money(l.sum.base, base) })),
      complaintsBaseTotal: money(complaintsBase, base),
      grandTotalsByCurrency: totals(counted, base).byCurrency,
      grandBaseTotal: money(ownSum.base + complaintsBase, base),
    };
  }

  /** The GraphQL view of an item: amounts as exact decimal strings, the kind's title in the caller's language. */
  view(i: CostItem, org: OrganizationTemplate | undefined, locale: Locale): CostItemView {
    const kind = costKindsOf(org).find((k) => k.key === i.kind);
    return Object.assign(new CostItemView(), {
      id: toGlobalId('CostItem', i.id),
      subjectType: i.subjectType,
      subjectId: toGlobalId(i.subjectType, i.subjectId),
      kind: i.kind,
      kindTitle: kind ? kind.title[locale] : i.kind,
      description: i.description,
      hours: i.hoursHundredths === null ? null : formatDecimal(BigInt(i.hoursHundredths), 2),
      rate: i.rateMinor === null ? null : money(i.rateMinor, i.currency),
      amount: money(i.amountMinor, i.currency),
      exchangeRate: i.exchangeRate,
      baseAmount: money(i.baseAmountMinor, i.baseCurrency),
      incurredOn: i.incurredOn,
      recordedBy: i.recordedBy,
      recordedByName: i.recordedByName,
      recordedAt: i.recordedAt,
      voided: i.voidedAt !== null,
      voidedAt: i.voidedAt,
      voidedBy: i.voidedBy,
      voidedByName: i.voidedByName,
      voidReason: i.voidReason,
    });
  }

  /** Validates the input against the organization's cost kinds and currency and computes the amounts; every problem is listed. */
  private price(input: AddCostItemInput, org: OrganizationTemplate | undefined, locale: Locale): Priced | ValidationError {
    const problems: ValidationProblem[] = [];
    const problem = (field: string, code: string, zh: string, en: string) => problems.push(new ValidationProblem(`/input/${field}`, code, say(locale, zh, en)));
    const given = (v: string | null | undefined): v is string => v !== null && v !== undefined;
    const decimal = (field: string, text: string, scale: number) => {
      const d = parseDecimal(text, scale);
      if ('problem' in d) {
        if (d.problem === 'FORMAT') problem(field, 'FORMAT', '须为不带符号和分隔符的十进制数，如 1234.50', 'must be a plain decimal number such as 1234.50 (no sign, exponent or separators)');
        else problem(field, 'PRECISION', `最多 ${scale} 位小数`, `at most ${scale} decimal places`);
        return null;
      }
      return d;
    };

    const keyProblem = idempotencyKeyProblem(input.idempotencyKey, '/input/idempotencyKey', locale);
    if (keyProblem) problems.push(keyProblem);
    const kind: CostKind | undefined = costKindsOf(org).find((k) => k.key === input.kind);
    if (!kind) problem('kind', 'UNKNOWN_COST_KIND', `组织模板中没有费用类型 ${JSON.stringify(input.kind)}`, `no cost kind ${JSON.stringify(input.kind)} in the organization template`);
    const description = input.description?.trim() || null;
    if (description && description.length > MAX_TEXT) problem('description', 'LENGTH', `最多 ${MAX_TEXT} 个字符`, `at most ${MAX_TEXT} characters`);

    const baseCurrency = baseCurrencyOf(org);
    const currency = given(input.currency) ? input.currency : baseCurrency;
    const exponent = currencyExponent(currency);
    if (exponent === null) {
      if (/^[A-Z]{3}$/.test(currency)) problem('currency', 'UNKNOWN_CURRENCY', `未知的 ISO 4217 货币 ${currency}`, `unknown ISO 4217 currency ${currency}`);
      else problem('currency', 'FORMAT', '须为三位大写 ISO 4217 代码，如 CNY', 'must be a 3-letter upper-case ISO 4217 code such as CNY');
    }

    // The amount in minor units of the item's currency (null when it cannot be computed).
    let amountMinor: bigint | null = null;
    let hoursHundredths: bigint | null = null;
    let rateMinor: bigint | null = null;
    const byHours = kind?.calculation === 'hours-x-rate';
    if (kind && byHours) {
      if (given(input.amount)) problem('amount', 'NOT_APPLICABLE', `${kind.key} 按工时 × 费率计算，不填金额`, `a ${kind.key} cost is hours x rate: give hours and rate, not an amount`);
      if (!given(input.hours)) problem('hours', 'REQUIRED', '须填写工时', 'hours are required');
      else {
        const h = decimal('hours', input.hours, 2);
        if (h) {
          hoursHundredths = atScale(h, 2);
          if (hoursHundredths <= 0n || hoursHundredths > MAX_HOURS_HUNDREDTHS) {
            problem('hours', 'RANGE', '须大于 0 且不超过 100000', 'must be greater than 0 and at most 100000');
            hoursHundredths = null;
          }
        }
      }
      if (!given(input.rate)) problem('rate', 'REQUIRED', '须填写小时费率', 'an hourly rate is required');
      else if (exponent !== null) {
        const r = decimal('rate', input.rate, exponent);
        if (r) {
          rateMinor = atScale(r, exponent);
          if (rateMinor <= 0n || rateMinor > MAX_MINOR) {
            problem('rate', 'RANGE', '须大于 0 且不超过上限', 'must be greater than 0 and within the limit');
            rateMinor = null;
          }
        }
      }
      if (hoursHundredths !== null && rateMinor !== null) {
        amountMinor = divideHalfUp(hoursHundredths * rateMinor, 100n);
        if (amountMinor > MAX_MINOR) {
          problem('hours', 'RANGE', '工时 × 费率超过上限', 'hours x rate is beyond the limit of one item');
          amountMinor = null;
        }
      }
    } else if (kind) {
      for (const field of ['hours', 'rate'] as const) {
        if (given(input[field])) problem(field, 'NOT_APPLICABLE', `${kind.key} 直接填写金额`, `a ${kind.key} cost states an amount, not hours and rate`);
      }
      if (!given(input.amount)) problem('amount', 'REQUIRED', '须填写金额', 'an amount is required');
      else if (exponent !== null) {
        const a = decimal('amount', input.amount, exponent);
        if (a) {
          amountMinor = atScale(a, exponent);
          if (amountMinor <= 0n || amountMinor > MAX_MINOR) {
            problem('amount', 'RANGE', '须大于 0 且不超过上限', 'must be greater than 0 and within the limit');
            amountMinor = null;
          }
        }
      }
    }

    // To the base currency: amount x rate, rounded half up to the base currency's minor unit.
    let exchangeRate: string | null = null;
    let baseAmountMinor: bigint | null = amountMinor;
    const baseExponent = exponentOf(baseCurrency);
    if (exponent !== null && currency !== baseCurrency) {
      if (!given(input.exchangeRate)) problem('exchangeRate', 'REQUIRED', `${currency} 不是本位币 ${baseCurrency}，须填写汇率`, `${currency} is not the base currency ${baseCurrency}: an exchange rate is required`);
      else {
        const rate = decimal('exchangeRate', input.exchangeRate, RATE_SCALE);
        if (rate && rate.value === 0n) problem('exchangeRate', 'RANGE', '须大于 0', 'must be greater than 0');
        else if (rate) {
          exchangeRate = formatDecimal(rate.value, rate.scale);
          if (amountMinor !== null) {
            baseAmountMinor = divideHalfUp(amountMinor * rate.value * 10n ** BigInt(baseExponent), 10n ** BigInt(rate.scale + exponent));
            if (baseAmountMinor > MAX_MINOR) problem('exchangeRate', 'RANGE', '折算后的金额超过上限', 'the converted amount is beyond the limit of one item');
          }
        }
      }
    } else if (exponent !== null && given(input.exchangeRate)) {
      const rate = decimal('exchangeRate', input.exchangeRate, RATE_SCALE);
      if (rate && !(rate.scale === 0 && rate.value === 1n)) problem('exchangeRate', 'NOT_APPLICABLE', `${currency} 即本位币，汇率只能为 1 或不填`, `${currency} is the base currency: omit the exchange rate (or give 1)`);
    }

    const incurredOn = input.incurredOn ?? null;
    if (incurredOn !== null && !(/^\d{4}-\d{2}-\d{2}$/.test(incurredOn) && DateTime.fromISO(incurredOn).isValid)) problem('incurredOn', 'FORMAT', '须为日期 YYYY-MM-DD', 'must be a date YYYY-MM-DD');

    if (problems.length) return new ValidationError(problems, locale);
    return {
      kind: kind!.key,
      description,
      hoursHundredths: hoursHundredths === null ? null : Number(hoursHundredths),
      rateMinor: rateMinor === null ? null : Number(rateMinor),
      amountMinor: Number(amountMinor!),
      currency,
      exchangeRate,
      baseCurrency,
      baseAmountMinor: Number(baseAmountMinor!),
      incurredOn,
    };
  }

  /** Moves the complaint's statistics fact by `delta` base minor units, atomically (no read-modify-write). */
  private async moveFact(scope: WriteScope, complaintId: string, delta: bigint): Promise<void> {
    await (scope.em as SqlEntityManager).execute('update complaint_fact set cost_base_minor = cost_base_minor + ? where tenant_id = ? and complaint_id = ?', [Number(delta), scope.tenantId, complaintId]);
  }

  private async org(em: EntityManager, tenantId: string): Promise<OrganizationTemplate | undefined> {
    return (await this.templates.latestTemplate<OrganizationTemplate>(em, tenantId, 'organization', 'default'))?.content;
  }
}
