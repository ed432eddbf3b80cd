/** IP addresses, v4 and v6 (found by their own matcher; loopback, netmasks and versions are left). */
import { defineDetector } from './descriptor.js';

function canonicalIp(value: string): string {
  try {
    const host = value.includes(':') ? `[${value}]` : value;
    return new URL(`http://${host}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return value.toLowerCase();
  }
}

export const ip = defineDetector({
  id: 'ip',
  label: 'IP',
  summary: 'IPv4 and IPv6 addresses that may single someone out',
  normalise: (value) => canonicalIp(value.trim()),
  partial: (value) => {
    if (value.includes(':')) return `${value.split(':').slice(0, 2).join(':')}:*`;
    return value
      .split('.')
      .map((part, i) => (i < 2 ? part : '*'))
      .join('.');
  },
  cues: [],
  keys: {
    words: ['IP', 'IPV4', 'IPV6', 'FORWARDED'],
    joined: ['REMOTEADDR', 'REMOTEADDRESS', 'IPADDRESS', 'IPADDR'],
  },
  fits: (value) => /^[0-9a-fA-F:.]+(?:\/\d+)?$/.test(value) && /\d/.test(value) && /[.:]/.test(value),
});
