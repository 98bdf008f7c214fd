import { describe, expect, it } from 'vitest';
import { clientAddress, normaliseAddress, trustedProxyCount } from './client-address';

describe('client address for sign-in throttling', () => {
  it('served directly, takes the address Next.js put in X-Forwarded-For', () => {
    expect(clientAddress({ 'x-forwarded-for': '203.0.113.7' }, 0)).toBe('203.0.113.7');
    expect(clientAddress({}, 0)).toBe('unknown');
  });

  it('behind trusted proxies, takes the entry the outermost proxy appended and ignores what the client sent', () => {
    const spoofed = { 'x-forwarded-for': '10.9.9.9, 198.51.100.4' };
    expect(clientAddress(spoofed, 1)).toBe('198.51.100.4');
    expect(clientAddress({ 'x-forwarded-for': '1.1.1.1, 198.51.100.4, 10.0.0.2' }, 2)).toBe('198.51.100.4');
    // Fewer entries than proxies (a misconfiguration): the leftmost is all there is.
    expect(clientAddress({ 'x-forwarded-for': '198.51.100.4' }, 3)).toBe('198.51.100.4');
  });

  it('normalises ports, mapped IPv4 and IPv6 (grouped by /64), and buckets anything else as unknown', () => {
    expect(normaliseAddress('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(normaliseAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseAddress('[2001:db8:1:2:aaaa::1]:443')).toBe('2001:db8:1:2::/64');
    expect(normaliseAddress('2001:DB8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(normaliseAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(normaliseAddress('::1')).toBe('0:0:0:0::/64');
    expect(normaliseAddress('not an address')).toBe('unknown');
    expect(normaliseAddress("'; drop table users; --")).toBe('unknown');
  });

  it('reads WATCHFLOOR_TRUST_PROXY as a number of proxies', () => {
    expect([undefined, '', '0', '1', '2', 'true', 'yes', 'nonsense', '-1'].map(trustedProxyCount)).toEqual([
      0, 0, 0, 1, 2, 1, 1, 0, 0,
    ]);
  });
});
