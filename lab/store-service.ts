// The store service: the store's side of every request, in front of PostgreSQL. For each request it
// opens a transaction, locks the key's row (SELECT ... FOR UPDATE), loads the handlers' `memory` from
// its table, runs the sandbox's own handler (handlePut; for the versioned store also handleGet and
// handleRegister, see lab/versioned-store-service.ts), writes memory back and, if a write was
// accepted, the object itself (value, version, writer), then commits. Concurrent requests on a key
// queue on that row lock, so the reader's check is enforced by the database. Each decision becomes
// a trace event once committed, with the ground truth the judge needs (the writer's lease token and
// the highest one accepted for the key before).
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { makeConsole } from '../sandboxes/kit/console.ts';
import { describeError } from '../sandboxes/kit/errors.ts';
import type { PutHandler, PutRequest, PutResult } from '../sandboxes/kit/object-store.ts';
import type { VersionedHandlers } from '../sandboxes/kit/versioned-store.ts';
import { STORE } from '../sandboxes/kit/types.ts';
import type { Emit } from './lock-client.ts';
import { versionedRoutes } from './versioned-store-service.ts';

/** The reader's store.ts: handlePut alone (the object store) or the versioned store's handlers. */
export type StoreHandlers = { handlePut: PutHandler } | VersionedHandlers;

export interface StoreService {
  /** http://127.0.0.1:PORT/put (the versioned store's routes sit beside it: /get, /vput, /register). */
  url: string;
  /** Empties every table and installs the handlers (and the names of the reader's files) for the next run. */
  reset(handlers: StoreHandlers, readerFiles: readonly string[], emit: Emit, onFailure: () => void): Promise<void>;
  close(): Promise<void>;
}

/** One request's transaction, as a route sees it: the key's row locked, memory and highest loaded. */
export interface StoreTx {
  key: string;
  /** The key's object now ('' and version 0 if never written). */
  value: string;
  version: number;
  /** The highest ground-truth lease token of a write accepted for the key so far. */
  highest: number | null;
  /** Runs one of the reader's handlers with this transaction's memory; null if it threw or answered wrongly (the run has failed). */
  decide(
    name: string,
    handler: (context: { memory: Map<string, number>; console: ReturnType<typeof makeConsole> }) => unknown,
  ): PutResult | null;
}

/** What a route decided: the answer for the worker, the trace events, and a write to apply if accepted. */
export interface Decision<T> {
  answer: T;
  events: [kind: string, fields: Record<string, unknown>][];
  write?: { value: string; token: number | null; writer: string; leaseToken: number | null };
}

export type Route = (body: never, tx: StoreTx, handlers: StoreHandlers) => Decision<unknown> | null;
type Transact = (key: string, decide: (tx: StoreTx) => Decision<unknown> | null) => Promise<unknown>;

interface PutBody extends PutRequest {
  leaseToken: number | null;
}

/** Lesson 1's object store: the reader's handlePut decides; the object is replaced if it accepts. */
function plainPut(body: PutBody, tx: StoreTx, handlers: StoreHandlers): Decision<PutResult> | null {
  const request: PutRequest =
    body.token === undefined || body.token === null
      ? { key: body.key, value: body.value, from: body.from }
      : { key: body.key, value: body.value, token: body.token, from: body.from };
  const result = tx.decide('handlePut', (context) => (handlers.handlePut as PutHandler)({ ...request }, context));
  if (!result) return null;
  const fields = {
    key: body.key,
    writer: body.from,
    ...(request.token === undefined ? {} : { token: request.token }),
    leaseToken: body.leaseToken,
    highest: tx.highest,
    value: body.value,
  };
  if (!result.ok) return { answer: result, events: [['write-rejected', { ...fields, reason: result.reason ?? '' }]] };
  return {
    answer: result,
    events: [['write-accepted', fields]],
    write: { value: body.value, token: request.token ?? null, writer: body.from, leaseToken: body.leaseToken },
  };
}

export async function startStoreService(databaseUrl: string): Promise<StoreService> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => {}); // a connection dropped at teardown is not news
  // A schema of its own: a DATABASE_URL the reader runs keeps its own tables untouched.
  const schema = `lab_${process.pid}_${Date.now().toString(36)}`;
  // Open the pool's connections now, not during the first request of a run.
  const warm = await Promise.all([0, 1, 2, 3].map(() => pool.connect()));
  for (const c of warm) c.release();
  await pool.query(`CREATE SCHEMA ${schema};
    CREATE TABLE ${schema}.objects (key text PRIMARY KEY, value text NOT NULL DEFAULT '', version bigint NOT NULL DEFAULT 0, token bigint, writer text);
    CREATE TABLE ${schema}.memory (key text PRIMARY KEY, value jsonb NOT NULL);
    CREATE TABLE ${schema}.accepted (key text PRIMARY KEY, highest bigint NOT NULL);`);

  let handlers: StoreHandlers = { handlePut: () => ({ ok: true }) };
  let files: readonly string[] = [];
  let emit: Emit = () => {};
  let onFailure = () => {};

  const transact: Transact = async (key, route) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${schema}.objects (key) VALUES ($1) ON CONFLICT DO NOTHING`, [key]);
      const row = (
        await client.query<{ value: string; version: string }>(
          `SELECT value, version FROM ${schema}.objects WHERE key = $1 FOR UPDATE`,
          [key],
        )
      ).rows[0]!;
      const memoryRows = await client.query<{ key: string; value: number }>(
        `SELECT key, value FROM ${schema}.memory ORDER BY key FOR UPDATE`,
      );
      const highestRow = await client.query<{ highest: string }>(
        `SELECT highest FROM ${schema}.accepted WHERE key = $1`,
        [key],
      );
      const before = new Map(memoryRows.rows.map((r) => [r.key, r.value]));
      const memory = new Map(before);
      let failure = null as Record<string, unknown> | null;
      const tx: StoreTx = {
        key,
        value: row.value,
        version: Number(row.version),
        highest: highestRow.rows[0] ? Number(highestRow.rows[0].highest) : null,
        decide(name, handler) {
          try {
            const answer = handler({ memory, console: makeConsole((text) => emit(STORE, 'log', { text })) });
            if (answer instanceof Promise)
              throw new Error(`${name} must answer right away: return { ok: ... }, not a Promise`);
            if (typeof answer !== 'object' || answer === null || typeof (answer as PutResult).ok !== 'boolean') {
              throw new Error(`${name} must return { ok: true } or { ok: false, reason: "..." }`);
            }
            return answer as PutResult;
          } catch (err) {
            failure = { ...describeError(err, files) };
            return null;
          }
        },
      };
      const decision = route(tx);
      if (!decision) {
        await client.query('ROLLBACK');
        if (failure) emit(STORE, 'error', failure);
        onFailure();
        return null;
      }
      // What the handlers remembered lasts between requests: in its table, in this same transaction.
      for (const [k, v] of memory) {
        if (!before.has(k) || before.get(k) !== v) {
          await client.query(
            `INSERT INTO ${schema}.memory (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
            [k, JSON.stringify(v)],
          );
        }
      }
      for (const k of before.keys())
        if (!memory.has(k)) await client.query(`DELETE FROM ${schema}.memory WHERE key = $1`, [k]);
      const { write } = decision;
      if (write) {
        await client.query(
          `UPDATE ${schema}.objects SET value = $2, version = version + 1, token = $3, writer = $4 WHERE key = $1`,
          [key, write.value, write.token, write.writer],
        );
        if (write.leaseToken !== null && (tx.highest === null || write.leaseToken > tx.highest)) {
          await client.query(
            `INSERT INTO ${schema}.accepted (key, highest) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET highest = EXCLUDED.highest`,
            [key, write.leaseToken],
          );
        }
      }
      await client.query('COMMIT');
      // The decision is recorded once it is durable in the database.
      for (const [kind, fields] of decision.events) emit(STORE, kind, fields);
      return decision.answer;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };

  const routes: Record<string, Route> = { '/put': plainPut, ...versionedRoutes };
  const server: Server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (req.method !== 'POST' || !route) return void res.end('store service\n'); // the workers' warm-up
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text) as { key: string };
      transact(body.key, (tx) => route(body as never, tx, handlers)).then(
        (answer) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(answer ?? { ok: false, failed: true }));
        },
        (err: unknown) => {
          res.statusCode = 500;
          res.end(JSON.stringify({ ok: false, failed: true, reason: String(err) }));
          emit(STORE, 'error', { message: `the store's database failed: ${(err as Error).message}` });
          onFailure();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}/put`,
    async reset(h, readerFiles, e, f) {
      handlers = h;
      files = readerFiles;
      emit = e;
      onFailure = f;
      await pool.query(`TRUNCATE ${schema}.objects, ${schema}.memory, ${schema}.accepted`);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
      await pool.end();
    },
  };
}
