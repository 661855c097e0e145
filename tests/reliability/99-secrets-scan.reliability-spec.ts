import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { sql } from './support/db';
import { bearer, closeHttp, http } from './support/http';
import { PG_BIN, run, sleep } from './support/infra';
import { readTopics, runTopics } from './support/kafka';
import { chat, chatModelBody, createActiveModel, createModel, createWorkspace, internal, recordFigure, REGISTRY, settings, state, waitFor } from './support/stack-client';

afterAll(closeHttp);

/** Every file under a directory, recursively. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function hits(haystack: string, needles: string[]): string[] {
  return needles.filter((needle) => haystack.includes(needle));
}

/** Every Redis key of the run (the server is the run's own) with its value, whatever the type. */
async function redisDump(): Promise<string> {
  const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 2 });
  const parts: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 1_000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        parts.push(key);
        if (type === 'string') parts.push((await redis.get(key)) ?? '');
        else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
        else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
        else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return parts.join('\n');
}

/**
 * DESIGN "Provider API keys ... Never in logs, events, errors or metrics." Runs last:
 * after every other file of the tier, the provider keys the run used (the mock
 * provider's, and distinctive wrong and rotated ones added here) appear in no log
 * file, no Kafka message of any topic, no Redis key or value, no HTTP response any
 * test received, no metrics page and nowhere in the database but as ciphertext.
 */
describe('secrets after the whole run', () => {
  const wrongKey = `sk-rel-wrong-${randomBytes(12).toString('hex')}`;
  const rotatedKey = `sk-rel-rotated-${randomBytes(12).toString('hex')}`;
  let secrets: string[];

  beforeAll(async () => {
    // Two more provider keys travel through every path: one the provider refuses, one rotated in and out.
    const ws = await createWorkspace('secrets');
    const refused = await createModel(ws, chatModelBody({ key: 'wrong-key', apiKey: wrongKey }), 20);
    expect((refused.json as { status: string }).status).toBe('failed');
    const model = await createActiveModel(ws, chatModelBody({ key: 'rotated' }));
    await http(`${REGISTRY}/v1/models/${model.id}/api-key?wait=20`, { method: 'PUT', body: { apiKey: rotatedKey }, headers: bearer(ws.key), timeoutMs: 30_000 });
    expect((await chat(ws.key, model.ref)).status).not.toBe(200);
    await http(`${REGISTRY}/v1/models/${model.id}/api-key?wait=20`, { method: 'PUT', body: { apiKey: settings.mockProviderApiKey }, headers: bearer(ws.key), timeoutMs: 30_000 });
    await waitFor('the model to serve again', async () => (await chat(ws.key, model.ref)).status === 200, 20_000);
    // The metrics pages are captured as responses too, so they are scanned with them.
    for (const service of ['registry', 'validator', 'gateway', 'experiment-worker'] as const) expect((await http(`${internal(service)}/metrics`)).status).toBe(200);
    // Let the last usage events and logs flush.
    await sleep(1_000);
    secrets = [settings.mockProviderApiKey, wrongKey, rotatedKey, settings.serviceTokens.validator, settings.serviceTokens.gateway];
  }, 120_000);

  it('no log file holds a provider key', () => {
    const logs = files(join(state.dir, 'logs')).concat(existsSync(state.postgres.logFile) ? [state.postgres.logFile] : []);
    expect(logs.length).toBeGreaterThanOrEqual(6);
    const found = logs.flatMap((file) => hits(readFileSync(file, 'utf8'), secrets).map((s) => `${file}: ${s.slice(0, 12)}…`));
    expect(found).toEqual([]);
    recordFigure('secrets.log-files-scanned', logs.length);
  });

  it('no Kafka message of any topic holds a provider key', async () => {
    const topics = await runTopics();
    const messages = await readTopics(topics);
    expect(messages.length).toBeGreaterThan(0);
    const found = messages.filter((m) => hits(`${m.key}\n${m.value}\n${m.headers}`, secrets).length > 0).map((m) => `${m.topic}@${m.offset}`);
    expect(found).toEqual([]);
    recordFigure('secrets.kafka-messages-scanned', messages.length);
  });

  it('no Redis key or value holds a provider key', async () => {
    const dump = await redisDump();
    expect(dump.length).toBeGreaterThan(0);
    expect(hits(dump, secrets)).toEqual([]);
    recordFigure('secrets.redis-bytes-scanned', dump.length);
  });

  it('no HTTP response any test received holds a provider key', () => {
    const captured = files(join(state.dir, 'responses'));
    const text = captured.map((file) => readFileSync(file, 'utf8')).join('\n');
    const responses = text.split('\n').filter(Boolean).length;
    expect(responses).toBeGreaterThan(0);
    expect(hits(text, secrets)).toEqual([]);
    recordFigure('secrets.http-responses-scanned', responses);
  });

  it('the database holds provider keys only as ciphertext', async () => {
    const dump = await run(`${PG_BIN}/pg_dump`, ['--data-only', '--no-owner', '-h', '127.0.0.1', '-p', String(state.postgres.port), '-U', 'postgres', 'model_garden']);
    expect(dump).toContain('COPY public.models');
    expect(hits(dump, secrets)).toEqual([]);
    const rows = await sql<{ api_key_ciphertext: string; api_key_key_id: string; api_key_hint: string }>('SELECT api_key_ciphertext, api_key_key_id, api_key_hint FROM models');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.api_key_key_id).toBe('k1');
      expect(row.api_key_hint.length).toBeLessThanOrEqual(12);
      expect(secrets.some((s) => row.api_key_ciphertext.includes(s) || Buffer.from(row.api_key_ciphertext, 'base64').toString('latin1').includes(s))).toBe(false);
    }
    recordFigure('secrets.database-rows-checked', rows.length);
  });
});
