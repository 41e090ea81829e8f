/**
 * How the sandbox signs deliveries: like HighLevel, Ed25519 over the body's bytes in X-GHL-Signature
 * and, in the legacy form, RSA-SHA256 in X-WH-Signature (both base64), with test keys of its own.
 * The Ed25519 pair comes from a fixed seed, so its public key is the same in every run (paste it into
 * the trigger's Ed25519 Public Key); the RSA pair is made once per process.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** PKCS#8 DER of an Ed25519 private key, before its 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519FromSeed(label: string): { privateKey: KeyObject; publicKeyPem: string } {
	const seed = createHash('sha256').update(label).digest();
	const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
	return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString() };
}

/** The sandbox's stand-in for HighLevel's signing key. */
const SANDBOX_ED25519 = ed25519FromSeed('n8n-nodes-highlevel sandbox webhook signing key');
/** A key HighLevel never published: what a forger signs with. */
const FORGER_ED25519 = ed25519FromSeed('n8n-nodes-highlevel sandbox forger key');

export const SANDBOX_ED25519_PUBLIC_KEY = SANDBOX_ED25519.publicKeyPem.trim();

let rsaPair: { privateKey: KeyObject; publicKeyPem: string } | undefined;

function sandboxRsa(): { privateKey: KeyObject; publicKeyPem: string } {
	if (!rsaPair) {
		const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		rsaPair = { privateKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString().trim() };
	}
	return rsaPair;
}

/** The public half of this process's legacy RSA key (for the trigger's RSA Public Key). */
export function sandboxRsaPublicKey(): string {
	return sandboxRsa().publicKeyPem;
}

/**
 * How a delivery is signed: `ed25519` as HighLevel does now, `legacy-rsa` only the retired
 * X-WH-Signature, `both` as during HighLevel's changeover, `none`, `forged` (another key),
 * `tampered` (signed, then the body changed), `garbled` (a header that is not base64).
 */
export const SIGNINGS = ['ed25519', 'legacy-rsa', 'both', 'none', 'forged', 'tampered', 'garbled'] as const;
export type Signing = (typeof SIGNINGS)[number];

export const ed25519Signature = (body: Buffer, key: KeyObject = SANDBOX_ED25519.privateKey): string => sign(null, body, key).toString('base64');
const rsaSignature = (body: Buffer): string => sign('sha256', body, sandboxRsa().privateKey).toString('base64');

/** The body to send and its signature headers. */
export function signedRequest(text: string, signing: Signing): { body: Buffer; headers: Record<string, string> } {
	const body = Buffer.from(text);
	switch (signing) {
		case 'ed25519':
			return { body, headers: { 'x-ghl-signature': ed25519Signature(body) } };
		case 'legacy-rsa':
			return { body, headers: { 'x-wh-signature': rsaSignature(body) } };
		case 'both':
			return { body, headers: { 'x-ghl-signature': ed25519Signature(body), 'x-wh-signature': rsaSignature(body) } };
		case 'none':
			return { body, headers: {} };
		case 'forged':
			return { body, headers: { 'x-ghl-signature': ed25519Signature(body, FORGER_ED25519.privateKey) } };
		case 'tampered': {
			const signature = ed25519Signature(body);
			const changed = Buffer.from(text.replace(/}\s*$/, ',"tampered":true}'));
			return { body: changed, headers: { 'x-ghl-signature': signature } };
		}
		case 'garbled':
			return { body, headers: { 'x-ghl-signature': 'not base64!' } };
	}
}
