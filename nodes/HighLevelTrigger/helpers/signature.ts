import { verify, type KeyObject } from 'crypto';

/** Request headers as Node.js gives them: lower-case names. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export const SIGNATURE_HEADER = 'x-ghl-signature';
export const LEGACY_SIGNATURE_HEADER = 'x-wh-signature';

export interface SignatureKeys {
	ed25519: KeyObject;
	/** Set only when the legacy RSA signature is accepted. */
	rsa?: KeyObject;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function headerText(headers: RequestHeaders, name: string): string | undefined {
	const value = headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return text?.trim() || undefined;
}

/**
 * Whether the signature holds over the body: the bytes as received, or else the body as HighLevel's
 * own SDK checks it (JSON.stringify of the parsed body), which is the same event signed by the same key.
 */
function holds(algorithm: 'sha256' | null, key: KeyObject, signature: string, signedTexts: Buffer[]): boolean {
	if (!BASE64.test(signature)) return false;
	const bytes = Buffer.from(signature, 'base64');
	return signedTexts.some((text) => {
		try {
			return verify(algorithm, text, key, bytes);
		} catch {
			return false;
		}
	});
}

/** Why a delivery's signature does not hold, or undefined when it does. */
export function signatureProblem(
	headers: RequestHeaders,
	rawBody: Buffer | undefined,
	parsedBody: unknown,
	keys: SignatureKeys,
): string | undefined {
	const signedTexts = [
		...(rawBody ? [rawBody] : []),
		...(parsedBody !== undefined ? [Buffer.from(JSON.stringify(parsedBody))] : []),
	];
	const signature = headerText(headers, SIGNATURE_HEADER);
	if (signature) {
		return holds(null, keys.ed25519, signature, signedTexts)
			? undefined
			: 'The X-GHL-Signature does not match the body for the Ed25519 public key';
	}
	const legacy = headerText(headers, LEGACY_SIGNATURE_HEADER);
	if (!legacy) return 'The request has no X-GHL-Signature header';
	if (!keys.rsa) {
		return 'The request is signed only with the legacy X-WH-Signature, which this trigger does not accept (see its option Accept Legacy RSA Signature)';
	}
	return holds('sha256', keys.rsa, legacy, signedTexts)
		? undefined
		: 'The X-WH-Signature does not match the body for the RSA public key';
}
