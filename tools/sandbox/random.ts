/** Deterministic pseudo-randomness: the same seed always gives the same sequence. */

/** mulberry32: a fast 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a, 32 bit: turns a string key into a seed. */
export function hashString(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Generator of 20-character alphanumeric ids (HighLevel's contact id shape). */
export function idGenerator(seed: number): () => string {
	const random = mulberry32(hashString(`contact-ids:${seed}`));
	return () => {
		let id = '';
		for (let i = 0; i < 20; i++) id += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length)];
		return id;
	};
}
