// The store service: the object store's side of Put, in front of PostgreSQL. For every put it opens
// a transaction, locks the key's row (SELECT ... FOR UPDATE), loads the handler's `memory` from its
// table, runs the sandbox's own handlePut, writes memory back and, if accepted, the object itself,
// then commits. Concurrent puts to a key queue on that row lock, so the reader's check is enforced
// by the database. Each decision becomes a write-accepted / write-rejected event with the ground
// truth the judge needs (the writer's lease token and the highest one accepted for the key before).
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { makeConsole } from '../sandboxes/kit/console.ts';
import { describeError } from '../sandboxes/kit/errors.ts';
import type { PutHandler, PutRequest, PutResult } from '../sandboxes/kit/object-store.ts';
import { STORE } from '../sandboxes/kit/types.ts';
import type { Emit } from './lock-client.ts';

export interface StoreService {
  /** http://127.0.0.1:PORT/put */
  url: string;
  /** Empties every table and installs the handler (and the names of the reader's files) for the next run. */
  reset(handler: PutHandler, readerFiles: readonly string[], emit: Emit, onFailure: () => void): Promise<void>;
  close(): Promise<void>;
}

interface PutBody extends PutRequest {
  leaseToken: number | null;
}

export async function startStoreService(databaseUrl: string): Promise<StoreService> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => {}); // a connection dropped at teardown is not news
  // A schema of its own: a DATABASE_URL the reader runs keeps its own tables untouched.
  const schema = `lab_${process.pid}_${Date.now().toString(36)}`;
  // Open the pool's connections now, not during the first put of a run.
  const warm = await Promise.all([0, 1, 2, 3].map(() => pool.connect()));
  for (const c of warm) c.release();
  await pool.query(`CREATE SCHEMA ${schema};
    CREATE TABLE ${schema}.objects (key text PRIMARY KEY, value text, token bigint, writer text);
    CREATE TABLE ${schema}.memory (key text PRIMARY KEY, value jsonb NOT NULL);
    CREATE TABLE ${schema}.accepted (key text PRIMARY KEY, highest bigint NOT NULL);`);

  let handler: PutHandler = () => ({ ok: true });
  let files: readonly string[] = [];
  let emit: Emit = () => {};
  let onFailure = () => {};

  async function put(body: PutBody): Promise<PutResult | null> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${schema}.objects (key) VALUES ($1) ON CONFLICT DO NOTHING`, [body.key]);
      await client.query(`SELECT key FROM ${schema}.objects WHERE key = $1 FOR UPDATE`, [body.key]);
      const memoryRows = await client.query<{ key: string; value: number }>(`SELECT key, value FROM ${schema}.memory ORDER BY key FOR UPDATE`);
      const highestRow = await client.query<{ highest: string }>(`SELECT highest FROM ${schema}.accepted WHERE key = $1`, [body.key]);
      const highest = highestRow.rows[0] ? Number(highestRow.rows[0].highest) : null;
      const before = new Map(memoryRows.rows.map((r) => [r.key, r.value]));
      const memory = new Map(before);

      const request: PutRequest = body.token === undefined || body.token === null ? { key: body.key, value: body.value, from: body.from } : { key: body.key, value: body.value, token: body.token, from: body.from };
      let result: PutResult;
      try {
        const answer: unknown = handler({ ...request }, { memory, console: makeConsole((text) => emit(STORE, 'log', { text })) });
        if (answer instanceof Promise) throw new Error('handlePut must answer right away: return { ok: ... }, not a Promise');
        if (typeof answer !== 'object' || answer === null || typeof (answer as PutResult).ok !== 'boolean') {
          throw new Error('handlePut must return { ok: true } or { ok: false, reason: "..." }');
        }
        result = answer as PutResult;
      } catch (err) {
        await client.query('ROLLBACK');
        emit(STORE, 'error', { ...describeError(err, files) });
        onFailure();
        return null;
      }

      // What the handler remembered lasts between puts: in its table, in this same transaction.
      for (const [k, v] of memory) {
        if (!before.has(k) || before.get(k) !== v) {
          await client.query(`INSERT INTO ${schema}.memory (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [k, JSON.stringify(v)]);
        }
      }
      for (const k of before.keys()) if (!memory.has(k)) await client.query(`DELETE FROM ${schema}.memory WHERE key = $1`, [k]);
      if (result.ok) {
        await client.query(`UPDATE ${schema}.objects SET value = $2, token = $3, writer = $4 WHERE key = $1`, [body.key, body.value, body.token ?? null, body.from]);
        if (body.leaseToken !== null && (highest === null || body.leaseToken > highest)) {
          await client.query(`INSERT INTO ${schema}.accepted (key, highest) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET highest = EXCLUDED.highest`, [body.key, body.leaseToken]);
        }
      }
      await client.query('COMMIT');
      // The decision is recorded once it is durable in the database.
      const fields = { key: body.key, writer: body.from, ...(request.token === undefined ? {} : { token: request.token }), leaseToken: body.leaseToken, highest, value: body.value };
      if (result.ok) emit(STORE, 'write-accepted', fields);
      else emit(STORE, 'write-rejected', { ...fields, reason: result.reason ?? '' });
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') return void res.end('store service\n'); // the workers' warm-up
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      put(JSON.parse(text) as PutBody).then(
        (result) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(result ?? { ok: false, failed: true }));
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
      handler = h;
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
