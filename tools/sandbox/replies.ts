import { randomUUID } from 'node:crypto';

/** What the sandbox does with a request's socket. */
export type Reply =
	| { type: 'json'; status: number; body: object | null }
	| { type: 'text'; status: number; contentType: string; text: string }
	| { type: 'drop' }
	| { type: 'hang' };

export type JsonReply = Extract<Reply, { type: 'json' }>;

export const json = (status: number, body: object | null): JsonReply => ({ type: 'json', status, body });

/** HighLevel's error body: its status as `statusCode`, then `body`, then a traceId. */
const traced = (status: number, body: object): JsonReply => json(status, { statusCode: status, ...body, traceId: randomUUID() });

export const errors = {
	unauthorized: (message: string): JsonReply => traced(401, { message, error: 'Unauthorized' }),
	forbiddenLocation: (): JsonReply => traced(403, { message: MESSAGES.forbiddenLocation }),
	badRequest: (message: string): JsonReply => traced(400, { message }),
	unprocessable: (messages: readonly string[]): JsonReply => traced(422, { message: messages, error: 'Unprocessable Entity' }),
	notFound: (method: string, url: string): JsonReply => traced(404, { message: `Cannot ${method} ${url}`, error: 'Not Found' }),
	/** The body said it was JSON and was not; `message` is the parser's. */
	badJson: (message: string): JsonReply => traced(400, { message, error: 'Bad Request' }),
	payloadTooLarge: (): JsonReply => traced(413, { message: INVENTED.payloadTooLarge, error: 'Payload Too Large' }),
	tooManyRequests: (): JsonReply => traced(429, { message: MESSAGES.tooManyRequests }),
	internal: (): JsonReply => traced(500, { message: INVENTED.internal }),
	unavailable: (): JsonReply => traced(503, { message: INVENTED.unavailable }),
};

/** Texts HighLevel is documented or observed to send (API-NOTES.md). */
export const MESSAGES = {
	invalidToken: 'Invalid token: access token is invalid',
	invalidPit: 'Invalid Private Integration token',
	invalidJwt: 'Invalid JWT',
	versionMissing: 'version header was not found.',
	versionInvalid: 'version header is invalid',
	scope: 'The token is not authorized for this scope.',
	/** Observed when a Company token calls a sub-account route, or a Location token an agency route. */
	authClass: 'This authClass type is not allowed to access this scope',
	tooManyRequests: 'Too Many Requests',
	forbiddenLocation: 'The token does not have access to this location',
} as const;

/**
 * INVENTED: texts no HighLevel document or observation gives. The status codes are documented or
 * the harsher reading; these words are the sandbox's own. Tests must not pin them as HighLevel's:
 * refer to them through this object, so nobody mistakes them for facts.
 */
export const INVENTED = {
	/** "Contact not found has been observed as 400"; the body's words were not recorded. */
	contactNotFound: 'Contact not found',
	/** Nothing documents an unknown workflow id; 400, like an unknown contact. */
	workflowNotFound: 'Workflow not found',
	/** 422 bodies list class-validator messages; these are in that style, not copied. */
	eventStartTime: 'eventStartTime must be a valid ISO 8601 date string',
	locationIdMissing: ['locationId should not be empty', 'locationId must be a string'],
	/** Nothing documents which phone forms an upsert takes, or how it reads one without a country code. */
	phoneFormat: 'phone must be a valid phone number in E.164 format',
	emailOrPhone: 'email or phone must be provided',
	userType: 'user_type must be one of the following values: Company, Location',
	internal: 'Internal Server Error',
	unavailable: 'Service Unavailable',
	/** NestJS / Express defaults, which HighLevel's API is built on (not observed). */
	payloadTooLarge: 'request entity too large',
} as const;

export const HTML_502 =
	'<html><body><h1>502 Bad Gateway</h1><p>The server returned an invalid or incomplete response.</p>' +
	'<hr><center>cloudflare</center></body></html>\n';
