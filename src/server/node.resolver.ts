import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { requirePermission } from '../auth/permissions';
import { sightOf, visibleEvents } from '../auth/visibility';
import { DomainEvent } from '../db/event.entity';
import { publicError } from '../shared/errors/public-error';
import { localUuid, fromGlobalId } from '../shared/graphql/global-id';
import { Node } from '../shared/graphql/node.interface';
import type { Context } from '../shared/request-context';
import type { Database } from '../db/database';
import type { ComplaintService } from '../complaints/complaint.service';
import type { CostService } from '../costs/cost.service';
import type { WebhookService } from '../webhooks/webhook.service';
import type { TemplateService } from '../templates/template.service';

@ObjectType({ description: 'The authenticated caller.' })
class Viewer {
  @Field()
  tenant!: string;

  @Field()
  name!: string;

  @Field(() => [String])
  roles!: string[];
}

@Resolver()
export class NodeResolver {
  constructor(
    private readonly db: Database,
    private readonly complaintService: ComplaintService,
    private readonly costService: CostService,
    private readonly webhookService: WebhookService,
    private readonly templateService: TemplateService,
  ) {}

  @Query(() => Node, { description: 'Refetches any object by its global ID; NOT_FOUND when it does not exist for the caller.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Node> {
    const type = fromGlobalId(id)?.type;
    if (type === 'Complaint') return this.complaintService.get(ctx, id) as unknown as Node;
    if (type === 'CostItem') return this.costService.get(ctx, id) as unknown as Node;
    if (type === 'WebhookEndpoint') {
      await requirePermission(this.templateService, ctx, 'webhook.manage');
      return this.webhookService.get(ctx, id) as unknown as Node;
    }
    const eventId = type === 'Event' ? localUuid(id, 'Event') : null;
    const event = eventId ? await ctx.em.findOne(DomainEvent, { $and: [{ id: eventId }, visibleEvents(ctx.em, await sightOf(this.templateService, ctx.em, ctx, this.db.dialect))] }) : null;
    if (event) return event as unknown as Node;
    throw publicError('NOT_FOUND', `No object with id ${id}`);
  }

  @Query(() => Viewer, { description: 'Who the credential belongs to.' })
  viewer(@Ctx() ctx: Context): Viewer {
    return { tenant: ctx.tenant.slug, name: ctx.principal.name, roles: ctx.principal.roles };
  }
}

