import type { INodeProperties } from 'n8n-workflow';

/** HighLevel's API host, white-label agencies included. */
export const DEFAULT_BASE_URL = 'https://services.leadconnectorhq.com';

/**
 * The Base URL as the node reads it, written as an expression for the credential Test: blank means
 * the default, surrounding spaces and trailing slashes are dropped.
 */
export const BASE_URL_EXPRESSION = `={{ (($credentials.baseUrl || "").trim() || "${DEFAULT_BASE_URL}").replace(/\\/+$/, "") }}`;

/** The Version header HighLevel documents for the contact and workflow routes. */
export const DEFAULT_API_VERSION = '2021-07-28';

/**
 * Fields both HighLevel credentials have. The Version header is the one HighLevel documents for the
 * routes the node uses; a hidden field (not a dropdown of one value) keeps what saved credentials hold.
 */
export const apiVersionProperty: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'hidden',
	default: DEFAULT_API_VERSION,
};

export const baseUrlProperty: INodeProperties = {
	displayName: 'Base URL',
	name: 'baseUrl',
	type: 'string',
	default: DEFAULT_BASE_URL,
	description: "Change only to go through a proxy; HighLevel's API host is the same for white-label agencies",
};

/** A Base URL of plain http:// to anything but this machine: it would carry the token in clear text. */
const PLAIN_HTTP_TO_ANOTHER_HOST = /^\s*http:\/\/(?!(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|\s*$))/i;

export function isPlainHttpToAnotherHost(url: string): boolean {
	return PLAIN_HTTP_TO_ANOTHER_HOST.test(url);
}

/**
 * The OAuth token endpoint on the Base URL's host, so that a proxy (or a test server) in Base URL
 * serves token refreshes too: n8n 2.41 takes a hidden OAuth field such as the token URL from the
 * credential type only, never from the saved credential. Plain http:// to another host falls back
 * to HighLevel's, so the client secret and refresh token are never sent in clear text.
 */
export const TOKEN_URL_EXPRESSION =
	`={{ (/${PLAIN_HTTP_TO_ANOTHER_HOST.source}/i.test($self["baseUrl"] || "") ? "${DEFAULT_BASE_URL}" : ` +
	`(($self["baseUrl"] || "").trim() || "${DEFAULT_BASE_URL}").replace(/\\/+$/, "")) + "/oauth/token" }}`;

export const PLAIN_HTTP_MESSAGE = 'The Base URL uses plain http://, which would send the Access Token unencrypted';
