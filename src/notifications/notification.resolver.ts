import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/request-context';
import type { Database } from '../db/database';
import type { Clock } from '../scheduler';
import { localUuid, toGlobalId } from '../shared/graphql/global-id';
import { Notification } from './notification.entity';

/** In-app notifications of the calling principal. */
@Resolver(() => Notification)
export class NotificationResolver {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  @FieldResolver(() => ID)
  id(@Root() n: Notification): string {
    return toGlobalId('Notification', n.id);
  }

  @FieldResolver(() => String, { description: "In the caller's language." })
  title(@Root() n: Notification, @Ctx() ctx: Context): string {
    return n.title[ctx.locale] ?? n.title.en;
  }

  @FieldResolver(() => ID, { description: 'Global ID of the complaint (or investigation) it is about.' })
  subjectId(@Root() n: Notification): string {
    return toGlobalId(n.subjectType, n.subjectId);
  }

  @Query(() => [Notification], { description: 'Your notifications, newest first.' })
  myNotifications(
    @Ctx() ctx: Context,
    @Arg('unreadOnly', { defaultValue: false }) unreadOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 100.' }) first: number,
  ): Promise<Notification[]> {
    return ctx.em.find(
      Notification,
      { recipientId: ctx.principal.id, ...(unreadOnly ? { readAt: null } : {}) },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 100) },
    );
  }

  @Query(() => Int, { description: 'How many of your notifications are unread.' })
  unreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    return ctx.em.count(Notification, { recipientId: ctx.principal.id, readAt: null });
  }

  @Mutation(() => Int, { description: 'Marks your notifications with these IDs read (others\' and unknown IDs are ignored); returns how many changed.' })
  markNotificationsRead(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Context): Promise<number> {
    const local = ids.map((id) => localUuid(id, 'Notification')).filter((id): id is string => !!id);
    if (!local.length) return Promise.resolve(0);
    const now = this.clock.now();
    return this.db.write(ctx.tenant.id, ({ em }) => em.nativeUpdate(Notification, { id: { $in: local }, recipientId: ctx.principal.id, readAt: null }, { readAt: now }));
  }
}
