import { raw, type FilterQuery } from '@mikro-orm/core';
import { publicError } from '../shared/errors/public-error';
import { fromGlobalId } from '../shared/graphql/global-id';
import type { DomainEvent } from '../db/event.entity';
import { FILTER_LIMITS, type EventFilter } from './event.inputs';

/** An event type, e.g. complaint.status_changed. */
export const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
/** A prefix with a wildcard, e.g. complaint.* or webhook_endpoint.*: every type that starts with `complaint.`. */
export const EVENT_TYPE_PREFIX = /^([a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.)\*$/;

/** An event filter checked once, usable both in SQL (the feed, replay) and on events in memory (live streams). */
export interface CompiledEventFilter {
  where: FilterQuery<DomainEvent>;
  match(event: DomainEvent): boolean;
}

function refuse(path: string, message: string): never {
  throw publicError('BAD_USER_INPUT', message, { path });
}

/** Exact types and `prefix.*` wildcards; BAD_USER_INPUT naming the argument path otherwise. */
export function typeMatcher(types: string[] | null | undefined, path: string): { exact: string[]; prefixes: string[]; test(type: string): boolean } | null {
  if (!types?.length) return null;
  if (types.length > FILTER_LIMITS.types) refuse(path, `At most ${FILTER_LIMITS.types} event types`);
  const exact: string[] = [];
  const prefixes: string[] = [];
  types.forEach((t, i) => {
    const prefix = EVENT_TYPE_PREFIX.exec(t)?.[1];
    if (prefix && t.length <= 100) prefixes.push(prefix);
    else if (EVENT_TYPE.test(t) && t.length <= 100) exact.push(t);
    else refuse(`${path}/${i}`, `${JSON.stringify(t)} is not an event type (e.g. complaint.status_changed) or a prefix with a wildcard (e.g. complaint.*)`);
  });
  return { exact, prefixes, test: (type) => exact.includes(type) || prefixes.some((p) => type.startsWith(p)) };
}

/** Global IDs to local ids; BAD_USER_INPUT naming the entry otherwise. */
export function localIds(ids: string[] | null | undefined, path: string, type?: string): string[] | null {
  if (!ids?.length) return null;
  if (ids.length > FILTER_LIMITS.ids) refuse(path, `At most ${FILTER_LIMITS.ids} ids`);
  return ids.map((id, i) => {
    const parsed = fromGlobalId(id);
    if (!parsed || (type && parsed.type !== type)) refuse(`${path}/${i}`, `${JSON.stringify(id)} is not ${type ? `the ID of a ${type}` : 'an ID'}`);
    return parsed.localId;
  });
}

export function compileEventFilter(filter: EventFilter | null | undefined, path = 'filter'): CompiledEventFilter {
  const types = typeMatcher(filter?.types, `${path}/types`);
  const subjects = localIds(filter?.subjectIds, `${path}/subjectIds`);
  const where: FilterQuery<DomainEvent>[] = [];
  // A prefix compares the start of the type (not LIKE, where `_` would be a wildcard); its length is ours, the text a parameter.
  if (types) where.push({ $or: [...(types.exact.length ? [{ type: { $in: types.exact } }] : []), ...types.prefixes.map((p) => ({ [raw(`substr(type, 1, ${p.length})`)]: p }))] });
  if (subjects) where.push({ subjectId: { $in: subjects } });
  return {
    where: where.length ? { $and: where } : {},
    match: (e) => (!types || types.test(e.type)) && (!subjects || subjects.includes(e.subjectId)),
  };
}
