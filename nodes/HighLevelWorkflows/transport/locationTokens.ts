import type { Connection } from './connection';
import { IdleMap } from './idleMap';

/** A location token is used until this long before HighLevel says it expires (at most a tenth of its life). */
const RENEW_BEFORE_MS = 5 * 60_000;
const KEPT_TOKENS = 500;
const MAX_TOKENS = 5_000;

export interface LocationToken {
	accessToken: string;
	/** Seconds, as HighLevel answers `expires_in`. */
	expiresIn: number;
}

interface CachedToken {
	token: Promise<LocationToken>;
	/** Infinity while the exchange is under way. */
	usableUntil: number;
}

/**
 * Location tokens of agency credentials, per app, agency and sub-account, in this process only.
 * Items that need a new sub-account's token at once share one exchange.
 */
const tokens = new IdleMap<CachedToken>((entry, now) => now >= entry.usableUntil, KEPT_TOKENS, MAX_TOKENS);

const keyOf = (connection: Connection, locationId: string): string =>
	`${connection.bucketFor(`company:${connection.agency?.companyId}`)}|${locationId}`;

export async function cachedLocationToken(
	connection: Connection,
	locationId: string,
	exchange: () => Promise<LocationToken>,
): Promise<LocationToken> {
	const key = keyOf(connection, locationId);
	const cached = tokens.get(key);
	if (cached && Date.now() < cached.usableUntil) return await cached.token;

	const entry: CachedToken = { token: exchange(), usableUntil: Number.POSITIVE_INFINITY };
	tokens.set(key, entry);
	// Registered before any caller awaits the token, so it runs first.
	entry.token.then(
		(token) => {
			const lifeMs = token.expiresIn * 1000;
			entry.usableUntil = Date.now() + lifeMs - Math.min(RENEW_BEFORE_MS, lifeMs / 10);
		},
		() => {
			if (tokens.get(key) === entry) tokens.delete(key);
		},
	);
	return await entry.token;
}

/** Forgets a token HighLevel refused, unless another item has already replaced it. */
export async function dropLocationToken(connection: Connection, locationId: string, refused: string): Promise<void> {
	const key = keyOf(connection, locationId);
	const cached = tokens.get(key);
	if (!cached) return;
	const current = await cached.token.catch(() => undefined);
	if (current?.accessToken === refused && tokens.get(key) === cached) tokens.delete(key);
}
