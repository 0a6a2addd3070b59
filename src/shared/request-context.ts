import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Locale } from './i18n/locale';
import type { Caller } from './principal';

/**
 * Per operation: who calls, for which tenant, an entity manager scoped to that tenant, the language of
 * user-facing messages and a logger. No services: those reach services and resolvers from the composition root.
 */
export interface Context extends Caller {
  requestId: string;
  /** Language of user-facing messages, from Accept-Language (HTTP) or connection_init `locale` (WebSocket). */
  locale: Locale;
  log: Logger;
  em: EntityManager;
}
