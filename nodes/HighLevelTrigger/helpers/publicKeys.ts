import { createPublicKey, type KeyObject } from 'crypto';

/** HighLevel's published Ed25519 key for X-GHL-Signature (its Webhook Integration Guide). */
export const HIGHLEVEL_ED25519_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=
-----END PUBLIC KEY-----`;

/** The RSA key for the legacy X-WH-Signature, from HighLevel's Webhook Authentication guide. */
export const HIGHLEVEL_RSA_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----`;

export type KeyKind = 'ed25519' | 'rsa';

const KIND_NAMES: Record<string, string> = { ed25519: 'an Ed25519', rsa: 'an RSA' };

const PEM = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/;

/** Parsed keys by their text: every delivery would otherwise parse the same key again. */
const parsedKeys = new Map<string, KeyObject>();
const MAX_PARSED_KEYS = 20;

/**
 * A pasted public key: a PEM (line breaks may have become spaces on the way) or just its base64
 * body. Returns the reason when it is not a public key of that kind.
 */
export function readPublicKey(text: string, kind: KeyKind): KeyObject | string {
	const cached = parsedKeys.get(`${kind}:${text}`);
	if (cached) return cached;
	const body = (PEM.exec(text)?.[1] ?? text).replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return 'it is neither a PEM public key nor base64';
	let key: KeyObject;
	try {
		key = createPublicKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'spki' });
	} catch {
		return 'it is not a public key (SubjectPublicKeyInfo)';
	}
	if (key.asymmetricKeyType !== kind) return `it is ${KIND_NAMES[key.asymmetricKeyType ?? ''] ?? 'another kind of'} key, not ${KIND_NAMES[kind].replace(/^an /, '')}`;
	if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.clear();
	parsedKeys.set(`${kind}:${text}`, key);
	return key;
}
