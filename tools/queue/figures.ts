/** The figures of a queue round as `npm run test:queue` prints them. */
import { prefixedLogger } from '../process/log';
import type { Options } from './options';
import type { RoundFigures } from './round';

const log = prefixedLogger('queue');

export function printFigures(figures: RoundFigures, options: Options): void {
	const lines = [
		`round ${figures.round}`,
		`  contacts                        ${figures.contacts} in ${figures.calls} webhook calls`,
		`  setup                           ${options.workers} workers, ${options.max} per ${options.intervalMs} ms, ${options.oauth2 ? `OAuth2 (${options.accessTokenSeconds} s tokens, ${figures.refreshes.length} refreshes)` : 'Private Integration'}, ${options.https ? 'HTTPS' : 'HTTP'}${options.delayMs ? `, HighLevel ${options.delayMs} ms away each way` : ''}`,
		`  time (first request → last enrolment)  ${figures.wallSeconds.toFixed(1)} s  (all answers ${figures.answersSeconds.toFixed(1)} s after the first call)`,
		`  true floor                      ${figures.floorSeconds.toFixed(1)} s  ((⌈${figures.contacts} / ${options.max}⌉ − 1) × ${options.intervalMs} ms)`,
		`  ratio to the floor              ${figures.ratio.toFixed(2)}  (${figures.throughput.toFixed(1)} enrolments per second)`,
		`  429s seen                       ${figures.tooManyRequests}  = ${((100 * figures.tooManyRequests) / Math.max(1, figures.requests)).toFixed(2)} % of requests  (${figures.contactsWith429} contacts hit one, at most ${figures.max429PerContact} for one contact)`,
		`  requests                        ${figures.requests}  ${JSON.stringify(figures.byStatus)}`,
		`  executions per worker           ${Object.entries(figures.executionsPerWorker).map(([worker, count]) => `${worker} ${count}`).join(', ')}`,
	];
	for (const line of lines) log(line);
}
