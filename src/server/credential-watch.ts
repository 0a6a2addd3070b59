import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { ApiKeyService } from '../auth/api-key.service';
import type { AuthService, CredentialEnd } from '../auth/auth.service';
import type { Clock } from '../scheduler/clock';

interface Watched {
  socket: WebSocket;
  authorization: string;
  principalId: string;
  tenantId: string;
  sessionId: string | null;
  expiry: NodeJS.Timeout | null;
}

/**
 * Keeps graphql-ws connections no longer-lived than their credential: closes a socket (4401 or 4403, with a
 * reason) at its access token's expiry, when a revoke or a tenant's disabling commits on this instance
 * (4403 "Tenant disabled"), and otherwise within `intervalMs` of one elsewhere (a sweep re-checks every connection past the caches).
 */
export class CredentialWatch {
  private readonly watched = new Set<Watched>();
  private readonly sweepTimer: NodeJS.Timeout;
  private sweeping = false;
  private readonly onPrincipal = (id: string) => void this.recheck([...this.watched].filter((w) => w.principalId === id));
  private readonly onSession = (id: string) => void this.recheck([...this.watched].filter((w) => w.sessionId === id));
  private readonly onTenant = (id: string) => void this.recheck([...this.watched].filter((w) => w.tenantId === id));

  constructor(
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeyService,
    private readonly clock: Clock,
    intervalMs: number,
    private readonly log: Logger,
  ) {
    this.sweepTimer = setInterval(() => void this.sweep(), intervalMs).unref();
    auth.revoked.on('principal', this.onPrincipal).on('session', this.onSession).on('tenant', this.onTenant);
    apiKeys.revoked.on('principal', this.onPrincipal);
  }

  /** Watches a connection from its acknowledgement until it closes. */
  watch(socket: WebSocket, authorization: string, principalId: string, tenantId: string, sessionId: string | null, expiresAtMs: number | null): void {
    const entry: Watched = { socket, authorization, principalId, tenantId, sessionId, expiry: null };
    if (expiresAtMs !== null) {
      // setTimeout holds at most 2^31-1 ms; access tokens live far less, and the sweep checks the clock anyway.
      const delay = Math.min(Math.max(0, expiresAtMs - this.clock.now().getTime()), 2 ** 31 - 1);
      entry.expiry = setTimeout(() => this.end(entry, { code: 4401, reason: 'Access token expired: refresh it and reconnect' }), delay).unref();
    }
    this.watched.add(entry);
    socket.once('close', () => this.forget(entry));
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || !this.watched.size) return;
    this.sweeping = true;
    try {
      await this.recheck([...this.watched]);
    } finally {
      this.sweeping = false;
    }
  }

  /** Re-checks each distinct credential once and closes the connections whose credential ended. */
  private async recheck(entries: Watched[]): Promise<void> {
    const verdicts = new Map<string, Promise<CredentialEnd | null>>();
    await Promise.all(
      entries.map(async (entry) => {
        let verdict = verdicts.get(entry.authorization);
        if (!verdict) verdicts.set(entry.authorization, (verdict = this.auth.recheck(entry.authorization)));
        try {
          const ended = await verdict;
          if (ended) this.end(entry, ended);
        } catch (error) {
          // A database hiccup keeps the connection until the next sweep rather than dropping every subscriber.
          this.log.warn({ err: error, principal: entry.principalId }, 'subscription credential re-check failed');
        }
      }),
    );
  }

  private end(entry: Watched, { code, reason }: CredentialEnd): void {
    if (!this.watched.has(entry)) return;
    this.forget(entry);
    this.log.info({ principal: entry.principalId, code, reason }, 'subscription connection closed: credential ended');
    entry.socket.close(code, reason);
  }

  private forget(entry: Watched): void {
    if (entry.expiry) clearTimeout(entry.expiry);
    this.watched.delete(entry);
  }

  dispose(): void {
    clearInterval(this.sweepTimer);
    this.auth.revoked.off('principal', this.onPrincipal).off('session', this.onSession).off('tenant', this.onTenant);
    this.apiKeys.revoked.off('principal', this.onPrincipal);
    for (const entry of this.watched) this.forget(entry);
  }
}
