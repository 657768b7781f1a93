// A Package URI is checked before it is written: what would go wrong is said, nothing is sent.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadRegistry } from '../../../../src/core/registry';
import { checkPackageUri, packageUriMaxBytes } from '../../../../src/core/firmware/packageUri';

test('the sandbox\'s own URLs and an ordinary HTTPS URL pass', () => {
  assert.equal(checkPackageUri('coap://127.0.0.1:5683/fw/3f9a0c/app.bin'), undefined);
  assert.equal(checkPackageUri('http://127.0.0.1:41234/fw/3f9a0c/app.bin'), undefined);
  assert.equal(checkPackageUri('https://bucket.s3.eu-west-1.amazonaws.com/app-1.4.3.bin?X-Amz-Expires=900'), undefined);
  assert.equal(checkPackageUri('coaps+tcp://[2001:db8::1]/fw'), undefined);
});

test('a comma is refused: the Lambda joins write values with commas', () => {
  const p = checkPackageUri('https://example.com/fw/app,1.4.3.bin');
  assert.equal(p?.code, 'comma');
  assert.match(p!.message, /joins write values with commas/);
});

test('past 255 bytes (the registry\'s range) is refused, counted in UTF-8 bytes', () => {
  assert.equal(packageUriMaxBytes(), 255);
  const base = 'https://example.com/';
  assert.equal(checkPackageUri(base + 'a'.repeat(255 - base.length)), undefined);
  const p = checkPackageUri(base + 'a'.repeat(256 - base.length));
  assert.deepEqual([p?.code, p?.bytes, p?.maxBytes], ['too-long', 256, 255]);
  // 'é' is two bytes: 128 of them are 256 bytes though 128 characters
  assert.equal(checkPackageUri(base + 'é'.repeat(128))?.code, 'too-long');
});

test('a vendor definition with a longer Package URI range raises the limit', () => {
  const ddf = `<LWM2M><Object><Name>Firmware Update</Name><ObjectID>5</ObjectID><Resources>
    <Item ID="1"><Name>Package URI</Name><Operations>RW</Operations><Type>String</Type><RangeEnumeration>0..1024</RangeEnumeration><Description>URI</Description></Item>
    </Resources></Object></LWM2M>`;
  const max = packageUriMaxBytes(loadRegistry({ vendorDdf: [{ file: 'v.xml', text: ddf }] }));
  assert.equal(max, 1024);
  assert.equal(checkPackageUri('https://example.com/' + 'a'.repeat(600), max), undefined);
});

test('schemes a Firmware Update client cannot fetch from, spaces and non-URIs are refused', () => {
  assert.equal(checkPackageUri('ftp://example.com/a.bin')?.code, 'scheme');
  assert.equal(checkPackageUri('/fw/a.bin')?.code, 'scheme');
  assert.equal(checkPackageUri('https://example.com/my app.bin')?.code, 'whitespace');
  assert.equal(checkPackageUri('https://exa\nmple.com/')?.code, 'whitespace');
  assert.equal(checkPackageUri('http://')?.code, 'not-a-uri');
  assert.equal(checkPackageUri('coap:/nohost')?.code, 'not-a-uri');
});

test('an empty URI is the reset, never a new update', () => {
  assert.equal(checkPackageUri('')?.code, 'empty');
});
