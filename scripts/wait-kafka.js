#!/usr/bin/env node
/*
 * Wait until a Kafka broker answers an admin describeCluster() request.
 *
 *   node scripts/wait-kafka.js [--coordinator] [timeoutSeconds]
 *
 * --coordinator  also wait until the consumer-group coordinator answers (on a fresh broker
 *                this creates __consumer_offsets), so the first consumer group joins cleanly.
 *
 * Env:
 *   KAFKA_BROKERS             comma separated brokers (default 127.0.0.1:9092;
 *                             use 127.0.0.1, Node may try ::1 first for "localhost")
 *   KAFKA_WAIT_TIMEOUT        timeout in seconds when no argument is given (default 90)
 *
 * Exit 0 once the cluster answers, 1 with the last error after the timeout.
 * kafkajs' own logging is silenced; only the final result is printed.
 */
'use strict';

const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const args = process.argv.slice(2);
const waitCoordinator = args.includes('--coordinator');
const timeoutArg = args.find((a) => !a.startsWith('--')) || process.env.KAFKA_WAIT_TIMEOUT || '90';
const timeoutSec = Number(timeoutArg);
if (!Number.isFinite(timeoutSec) || timeoutSec <= 0) {
  console.error(`wait-kafka: invalid timeout "${timeoutArg}"`);
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function attempt(remainingMs) {
  const kafka = new Kafka({
    clientId: 'mg-wait-kafka',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.max(500, Math.min(3000, remainingMs)),
    requestTimeout: Math.max(1000, Math.min(5000, remainingMs)),
    // One try per attempt; the outer loop does the retrying.
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (waitCoordinator) {
      // FindCoordinator + DescribeGroups for a group that does not exist: answers once the
      // coordinator (and __consumer_offsets) is available.
      await admin.describeGroups(['mg-wait-kafka-probe']);
    }
    return cluster;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function main() {
  const started = Date.now();
  const deadline = started + timeoutSec * 1000;
  let lastError;
  for (;;) {
    try {
      const cluster = await attempt(deadline - Date.now());
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const ids = cluster.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(',');
      console.log(
        `wait-kafka: cluster ${cluster.clusterId} ready (brokers ${ids}, controller ${cluster.controller}` +
          `${waitCoordinator ? ', group coordinator up' : ''}) after ${secs}s`,
      );
      return 0;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() + 500 >= deadline) break;
    await sleep(500);
  }
  // kafkajs wraps the real cause (e.g. ECONNREFUSED) in a retry error.
  const cause = lastError && lastError.cause ? lastError.cause : lastError;
  const msg = cause ? `${cause.name || 'Error'}: ${cause.message}` : 'unknown error';
  console.error(`wait-kafka: ${brokers.join(',')} not ready after ${timeoutSec}s; last error: ${msg}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`wait-kafka: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
