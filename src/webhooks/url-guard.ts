import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/** Why an address or URL may not receive webhooks (SSRF protection). */
export type UnsafeReason =
  | 'INVALID_URL'
  | 'SCHEME'
  | 'USERINFO'
  | 'UNRESOLVABLE'
  | 'METADATA'
  | 'LOOPBACK'
  | 'PRIVATE'
  | 'LINK_LOCAL'
  | 'SHARED'
  | 'UNSPECIFIED'
  | 'MULTICAST'
  | 'RESERVED';

type Range = [prefix: number[], bits: number, reason: UnsafeReason];

const V4: Range[] = [
  [[0, 0, 0, 0], 8, 'UNSPECIFIED'],
  [[10, 0, 0, 0], 8, 'PRIVATE'],
  [[100, 64, 0, 0], 10, 'SHARED'],
  [[127, 0, 0, 0], 8, 'LOOPBACK'],
  [[169, 254, 169, 254], 32, 'METADATA'],
  [[169, 254, 0, 0], 16, 'LINK_LOCAL'],
  [[172, 16, 0, 0], 12, 'PRIVATE'],
  [[192, 0, 0, 0], 24, 'RESERVED'],
  [[192, 0, 2, 0], 24, 'RESERVED'],
  [[192, 168, 0, 0], 16, 'PRIVATE'],
  [[198, 18, 0, 0], 15, 'RESERVED'],
  [[198, 51, 100, 0], 24, 'RESERVED'],
  [[203, 0, 113, 0], 24, 'RESERVED'],
  [[224, 0, 0, 0], 4, 'MULTICAST'],
  [[240, 0, 0, 0], 4, 'RESERVED'],
];

const V6: Range[] = [
  [[0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, 'METADATA'],
  [[0xfc], 7, 'PRIVATE'],
  [[0xfe, 0x80], 10, 'LINK_LOCAL'],
  [[0xfe, 0xc0], 10, 'PRIVATE'],
  [[0xff], 8, 'MULTICAST'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'RESERVED'],
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'RESERVED'],
];

/** Host names of cloud metadata services, refused whatever they resolve to. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'metadata.azure.internal', 'instance-data', 'instance-data.ec2.internal']);

function matches(bytes: number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** 16 bytes of an IPv6 address (with or without an embedded dotted IPv4 tail). */
export function v6Bytes(ip: string): number[] {
  let text = ip.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...v4Bytes(dotted[1]));
    text = text.slice(0, -dotted[1].length) + '0:0';
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, null];
  const groups = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const r = rest === null ? [] : groups(rest);
  const all = [...h, ...Array(8 - h.length - r.length).fill(0), ...r];
  const bytes = all.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The IPv4 address carried in an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedV4(bytes: number[]): number[] | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12);
  if (zeros(0, 12) && bytes.slice(12).some((b) => b !== 0) && !(zeros(12, 15) && bytes[15] === 1)) return bytes.slice(12);
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return bytes.slice(12);
  return null;
}

/** Why this IP address must not receive webhooks, or null when it is a public address. */
export function classifyAddress(ip: string): UnsafeReason | null {
  const bare = ip.replace(/^\[|\]$/g, '');
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) return V4.find((r) => matches(v4Bytes(bare), r))?.[2] ?? null;
  if (family !== 6) return 'INVALID_URL';
  const bytes = v6Bytes(bare);
  if (bytes.every((b) => b === 0)) return 'UNSPECIFIED';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return 'LOOPBACK';
  const v4 = embeddedV4(bytes);
  if (v4) return V4.find((r) => matches(v4, r))?.[2] ?? null;
  return V6.find((r) => matches(bytes, r))?.[2] ?? null;
}

/** WEBHOOK_ALLOWED_HOSTS: host names, IP addresses and CIDR ranges that may be used although not public. */
export class AllowList {
  private readonly hosts = new Set<string>();
  private readonly ranges: Array<{ family: 4 | 6; bytes: number[]; bits: number }> = [];

  constructor(entries: string[]) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase().replace(/^\[|\]$/g, '');
      const [address, bits] = entry.split('/');
      const family = isIP(address);
      if (family === 4) this.ranges.push({ family, bytes: v4Bytes(address), bits: bits === undefined ? 32 : Number(bits) });
      else if (family === 6) this.ranges.push({ family, bytes: v6Bytes(address), bits: bits === undefined ? 128 : Number(bits) });
      else if (entry) this.hosts.add(entry);
    }
  }

  allowsHost(host: string): boolean {
    return this.hosts.has(host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, ''));
  }

  allowsAddress(ip: string): boolean {
    const bare = ip.replace(/^\[|\]$/g, '');
    const family = isIP(bare);
    if (!family) return false;
    let bytes = family === 4 ? v4Bytes(bare) : v6Bytes(bare);
    const v4 = family === 6 ? embeddedV4(bytes) : null;
    const effective = v4 ? 4 : family;
    if (v4) bytes = v4;
    return this.ranges.some((r) => r.family === effective && matches(bytes, [r.bytes, r.bits, 'RESERVED']));
  }
}

/** Refusal of one address, taking the allow-list into account. */
export function refusalOf(host: string, address: string, allow: AllowList): UnsafeReason | null {
  if (allow.allowsHost(host) || allow.allowsAddress(address)) return null;
  return classifyAddress(address);
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: UnsafeReason; detail: string };

const refuse = (reason: UnsafeReason, detail: string): UrlCheck => ({ ok: false, reason, detail });

/** Host name of a URL without IPv6 brackets or a trailing dot. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();

/** Syntax checks that need no DNS: scheme, user info, metadata host names, literal addresses. */
export function checkUrlSyntax(raw: string, allow: AllowList): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('INVALID_URL', 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('SCHEME', `scheme ${url.protocol.replace(':', '')} is not http or https`);
  if (url.username || url.password) return refuse('USERINFO', 'user name or password in the URL');
  const host = hostOf(url);
  if (!host) return refuse('INVALID_URL', 'no host');
  if (METADATA_HOSTS.has(host) && !allow.allowsHost(host)) return refuse('METADATA', `${host} is a cloud metadata service`);
  if (isIP(host)) {
    const reason = refusalOf(host, host, allow);
    if (reason) return refuse(reason, `${host} is a ${reason.toLowerCase().replace('_', '-')} address`);
  }
  return { ok: true, url };
}

/** Resolves a host to all its addresses. */
function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

/** The full check at create/update time: syntax, then every address the host resolves to. */
export async function checkUrl(raw: string, allow: AllowList): Promise<UrlCheck> {
  const syntax = checkUrlSyntax(raw, allow);
  if (!syntax.ok) return syntax;
  const host = hostOf(syntax.url);
  if (isIP(host) || allow.allowsHost(host)) return syntax;
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    return refuse('UNRESOLVABLE', `${host} does not resolve`);
  }
  for (const { address } of addresses) {
    const reason = refusalOf(host, address, allow);
    if (reason) return refuse(reason, `${host} resolves to ${address}, a ${reason.toLowerCase().replace('_', '-')} address`);
  }
  return syntax;
}

/** Raised by the guarded lookup when a host resolves to an address it may not use. */
export class UnsafeAddressError extends Error {
  readonly code = 'UNSAFE_ADDRESS';
  constructor(
    readonly reason: UnsafeReason,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * A `lookup` for http.request that refuses unsafe addresses: the connection goes to the address checked here,
 * so a DNS answer that changes between the endpoint check and the delivery (rebinding) cannot slip through.
 */
export function guardedLookup(allow: AllowList): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true } as never, (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      for (const { address } of addresses) {
        const reason = refusalOf(hostname, address, allow);
        if (reason) return callback(new UnsafeAddressError(reason, `${hostname} resolves to ${address} (${reason})`));
      }
      if (options?.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  }) as unknown as LookupFunction;
}
