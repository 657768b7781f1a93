import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatLogBatch, formatLogEvent, logGroupShortName, streamTail, timeOfDay } from '../../../src/core/logLineFormat';

const AT = Date.UTC(2026, 10, 25, 9, 5, 7, 42);
const STREAM = '2026/11/25/[$LATEST]0123456789abcdef0123456789a1b2c3';

test('a log group is shown by its last path part, also when given as an ARN', () => {
  assert.equal(logGroupShortName('/aws/lambda/Lwm2mOperation'), 'Lwm2mOperation');
  assert.equal(logGroupShortName('AWSIotLogsV2'), 'AWSIotLogsV2');
  assert.equal(logGroupShortName('arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/CreateThing:*'), 'CreateThing');
});

test('a log stream is shown by its last six characters; short or missing streams as they are', () => {
  assert.equal(streamTail(STREAM), 'a1b2c3');
  assert.equal(streamTail('abc'), 'abc');
  assert.equal(streamTail(undefined), undefined);
  assert.equal(streamTail(''), undefined);
});

test('time of day has hours, minutes, seconds and milliseconds, zero-padded', () => {
  assert.equal(timeOfDay(AT, 'utc'), '09:05:07.042');
  assert.match(timeOfDay(AT), /^\d\d:\d\d:\d\d\.042$/);
  assert.equal(timeOfDay(Number.NaN, 'utc'), '??:??:??.???');
});

test('one event is one line: time, group, stream tail, message without its trailing line break', () => {
  const lines = formatLogEvent({ logGroup: '/aws/lambda/Lwm2mOperation', logStream: STREAM, timestamp: AT, message: 'Error: keys must be specified\n' }, { timeZone: 'utc' });
  assert.deepEqual(lines, ['09:05:07.042 Lwm2mOperation [a1b2c3] Error: keys must be specified']);
});

test('without a stream the brackets are left out; tabs inside the message stay', () => {
  const lines = formatLogEvent({ logGroup: 'AWSIotLogsV2', timestamp: AT, message: 'END RequestId: abc\tDuration: 3 ms' }, { timeZone: 'utc' });
  assert.deepEqual(lines, ['09:05:07.042 AWSIotLogsV2 END RequestId: abc\tDuration: 3 ms']);
});

test('a multi-line message continues indented under its first line (CRLF too)', () => {
  const lines = formatLogEvent({ logGroup: '/aws/lambda/CreateThing', logStream: 'xyz', timestamp: AT, message: 'Traceback:\r\n  File "x.py"\r\nKeyError: 1\n\n' }, { timeZone: 'utc' });
  const prefix = '09:05:07.042 CreateThing [xyz] ';
  assert.deepEqual(lines, [`${prefix}Traceback:`, `${' '.repeat(prefix.length)}  File "x.py"`, `${' '.repeat(prefix.length)}KeyError: 1`]);
});

test('a batch is every line of every event in order, each ending in a line break; an empty batch is empty', () => {
  const text = formatLogBatch([
    { logGroup: '/aws/lambda/Lwm2mOperation', logStream: STREAM, timestamp: AT, message: 'START RequestId: r1 Version: $LATEST\n' },
    { logGroup: '/aws/lambda/Lwm2mOperation', logStream: STREAM, timestamp: AT + 1, message: 'a\nb' },
  ], { timeZone: 'utc' });
  const p = '09:05:07.043 Lwm2mOperation [a1b2c3] ';
  assert.equal(text, `09:05:07.042 Lwm2mOperation [a1b2c3] START RequestId: r1 Version: $LATEST\n${p}a\n${' '.repeat(p.length)}b\n`);
  assert.equal(formatLogBatch([]), '');
});
