import { describe, expect, it } from 'vitest';
import { AllowList, checkUrl, checkUrlSyntax, classifyAddress } from '../../../src/webhooks/url-guard';

describe('webhook URL guard', () => {
  it.each([
    { ip: '8.8.8.8', reason: null },
    { ip: '93.184.216.34', reason: null },
    { ip: '127.0.0.1', reason: 'LOOPBACK' },
    { ip: '127.255.0.9', reason: 'LOOPBACK' },
    { ip: '10.1.2.3', reason: 'PRIVATE' },
    { ip: '172.16.0.1', reason: 'PRIVATE' },
    { ip: '172.31.255.255', reason: 'PRIVATE' },
    { ip: '172.32.0.1', reason: null },
    { ip: '192.168.1.1', reason: 'PRIVATE' },
    { ip: '169.254.169.254', reason: 'METADATA' },
    { ip: '169.254.10.1', reason: 'LINK_LOCAL' },
    { ip: '100.64.0.1', reason: 'SHARED' },
    { ip: '100.127.255.255', reason: 'SHARED' },
    { ip: '100.128.0.1', reason: null },
    { ip: '0.0.0.0', reason: 'UNSPECIFIED' },
    { ip: '224.0.0.1', reason: 'MULTICAST' },
    { ip: '255.255.255.255', reason: 'RESERVED' },
    { ip: '::', reason: 'UNSPECIFIED' },
    { ip: '::1', reason: 'LOOPBACK' },
    { ip: 'fc00::1', reason: 'PRIVATE' },
    { ip: 'fd12:3456::1', reason: 'PRIVATE' },
    { ip: 'fd00:ec2::254', reason: 'METADATA' },
    { ip: 'fe80::1', reason: 'LINK_LOCAL' },
    { ip: 'febf::1', reason: 'LINK_LOCAL' },
    { ip: 'ff02::1', reason: 'MULTICAST' },
    { ip: '::ffff:127.0.0.1', reason: 'LOOPBACK' },
    { ip: '::ffff:7f00:1', reason: 'LOOPBACK' },
    { ip: '::ffff:a9fe:a9fe', reason: 'METADATA' },
    { ip: '::ffff:10.0.0.1', reason: 'PRIVATE' },
    { ip: '::ffff:8.8.8.8', reason: null },
    { ip: '64:ff9b::192.168.0.1', reason: 'PRIVATE' },
    { ip: '2001:4860:4860::8888', reason: null },
    { ip: '2001:db8::1', reason: 'RESERVED' },
  ])('classifies $ip as $reason', ({ ip, reason }) => {
    expect(classifyAddress(ip)).toBe(reason);
  });

  const none = new AllowList([]);
  it.each([
    { title: 'loopback literal', url: 'http://127.0.0.1:8080/hook', reason: 'LOOPBACK' },
    { title: 'decimal loopback', url: 'http://2130706433/hook', reason: 'LOOPBACK' },
    { title: 'IPv6 loopback', url: 'http://[::1]/hook', reason: 'LOOPBACK' },
    { title: 'IPv4-mapped metadata', url: 'http://[::ffff:169.254.169.254]/latest', reason: 'METADATA' },
    { title: 'metadata address', url: 'http://169.254.169.254/latest/meta-data', reason: 'METADATA' },
    { title: 'metadata host name', url: 'http://metadata.google.internal/computeMetadata/v1', reason: 'METADATA' },
    { title: 'private range', url: 'https://192.168.0.10/hook', reason: 'PRIVATE' },
    { title: 'another scheme', url: 'ftp://example.com/hook', reason: 'SCHEME' },
    { title: 'user info', url: 'https://user:pw@example.com/hook', reason: 'USERINFO' },
    { title: 'not a URL', url: 'hook', reason: 'INVALID_URL' },
  ])('refuses $title', ({ url, reason }) => {
    expect(checkUrlSyntax(url, none)).toMatchObject({ ok: false, reason });
  });

  it('refuses a host name that resolves to loopback', async () => {
    expect(await checkUrl('http://localhost:9/hook', none)).toMatchObject({ ok: false, reason: 'LOOPBACK' });
  });

  it('lets the allow-list permit hosts, addresses and ranges', async () => {
    expect(await checkUrl('http://127.0.0.1:9/hook', new AllowList(['127.0.0.1']))).toMatchObject({ ok: true });
    expect(await checkUrl('http://10.20.3.4/hook', new AllowList(['10.20.0.0/16']))).toMatchObject({ ok: true });
    expect(await checkUrl('http://10.21.3.4/hook', new AllowList(['10.20.0.0/16']))).toMatchObject({ ok: false, reason: 'PRIVATE' });
    expect(await checkUrl('http://localhost:9/hook', new AllowList(['localhost']))).toMatchObject({ ok: true });
    expect(await checkUrl('http://[::ffff:127.0.0.1]:9/hook', new AllowList(['127.0.0.0/8']))).toMatchObject({ ok: true });
  });
});
