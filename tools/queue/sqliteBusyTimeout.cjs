/*
 * Preloaded into the queue test's n8n processes (NODE_OPTIONS=--require). The main process and every
 * worker share one sqlite file, and n8n opens it without a busy timeout, so a write that meets
 * another process's write fails at once with SQLITE_BUSY (seen with four workers: an execution
 * failed before it started). Each connection waits up to 15 s for the lock instead. Real queue-mode
 * set-ups use Postgres; this only keeps the test's sqlite from failing runs the node never saw.
 */
const path = require('node:path');

const sqlite3 = require(require.resolve('sqlite3', { paths: [path.dirname(process.argv[1] ?? '.'), process.cwd()] }));
const Original = sqlite3.Database;
function Database(...args) {
	const database = new Original(...args);
	database.configure('busyTimeout', 15_000);
	return database;
}
Database.prototype = Original.prototype;
Object.setPrototypeOf(Database, Original);
sqlite3.Database = Database;
