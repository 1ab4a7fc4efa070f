#!/usr/bin/env node
// Runs one Neo4j JavaScript driver against a Bolt endpoint (memgraph_ha_proxy, or a server
// directly) and checks what a client application relies on: every value type both ways, auto-commit
// queries, explicit and managed transactions, server error codes, bookmarks.
//
//   node proxy-check.mjs <driverPackage> <boltUri> [websocket]
//   node proxy-check.mjs neo4j-driver-5 neo4j://127.0.0.1:7600
//
// <driverPackage> is one of the aliases of package.json: neo4j-driver-4 (4.4), neo4j-driver-5,
// neo4j-driver-6. With "websocket" the driver's browser build is loaded instead, which speaks Bolt
// over WebSocket (ws://host:port) as in a web page; Node before 22 has no WebSocket, so the one of
// the 'ws' package stands in for the browser's, and the check "websocket" counts the sockets. Prints one line per check, "ok <check>: <detail>", and at the end
// "all <n> checks passed"; the first failure prints "FAIL <check>: <why>" and exits 1 (2 for bad
// arguments, 3 when the whole run takes longer than PROXY_CHECK_TIMEOUT_MS, default 120000).
// PROXY_CHECK_DEBUG=1 turns on the driver's debug log (on standard error).
//
// The nodes it writes carry a label JsCheck and a property run unique to this run; it deletes them
// at the end. ProxyJavaScriptDriversE2ETest runs it for each driver and URI scheme. The harness
// (ok lines, watchdog) is checks.mjs.

import { CheckFailure, checks, expect, fail } from './checks.mjs';

const [driverPackage, uri, transport = 'tcp'] = process.argv.slice(2);
if (!driverPackage || !uri || process.argv.length > 5 || !['tcp', 'websocket'].includes(transport)) {
  console.error('usage: node proxy-check.mjs <neo4j-driver-4|neo4j-driver-5|neo4j-driver-6> <bolt://host:port | neo4j://host:port> [websocket]');
  process.exit(2);
}

const { check, finish } = checks({
  timeoutMs: Number(process.env.PROXY_CHECK_TIMEOUT_MS || 120000),
  cleanup: () => closeQuietly(),
});

const webSocketUrls = [];
async function loadDriver() {
  if (transport !== 'websocket') {
    return (await import(driverPackage)).default;
  }
  const { WebSocket: NodeWebSocket } = await import('ws');
  // defined rather than assigned, so that it also replaces the WebSocket built into Node 22+
  Object.defineProperty(globalThis, 'WebSocket', {
    configurable: true,
    writable: true,
    value: class extends NodeWebSocket {
      constructor(url, ...rest) {
        super(url, ...rest);
        webSocketUrls.push(String(url));
      }
    },
  });
  const { createRequire } = await import('node:module');
  return createRequire(import.meta.url)(`${driverPackage}/lib/browser/neo4j-web.js`);
}
const neo4j = await loadDriver();
const { Node, Relationship, Path } = neo4j.types;
const { readFileSync } = await import('node:fs');
const driverVersion = (() => {
  try {
    return JSON.parse(readFileSync(new URL(`./node_modules/${driverPackage}/package.json`, import.meta.url))).version;
  } catch (e) {
    return 'unknown';
  }
})();

const scheme = uri.split(':')[0];
const run = `${driverPackage}-${scheme}-${process.pid}-${Date.now()}`;
const config = {
  connectionTimeout: 10000,
  connectionAcquisitionTimeout: 20000,
  maxTransactionRetryTime: 20000,
};
if (process.env.PROXY_CHECK_DEBUG) {
  config.logging = neo4j.logging.console('debug');
}
const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'any-password'), config);

async function closeQuietly() {
  try {
    await driver.close();
  } catch (e) {
    // nothing left to report
  }
}

// ---------------------------------------------------------------- helpers over the three APIs

function session(mode = neo4j.session.WRITE, bookmarks = undefined) {
  const c = { defaultAccessMode: mode };
  if (bookmarks !== undefined) {
    c.bookmarks = bookmarks;
  }
  return driver.session(c);
}

async function withSession(body, mode, bookmarks) {
  const s = session(mode, bookmarks);
  try {
    return await body(s);
  } finally {
    await s.close();
  }
}

/** executeWrite (5, 6) or writeTransaction (4.4). */
function managedWrite(s, work) {
  return typeof s.executeWrite === 'function' ? s.executeWrite(work) : s.writeTransaction(work);
}

/** executeRead (5, 6) or readTransaction (4.4). */
function managedRead(s, work) {
  return typeof s.executeRead === 'function' ? s.executeRead(work) : s.readTransaction(work);
}

const writeApi = typeof neo4j.Session.prototype.executeWrite === 'function' ? 'executeWrite' : 'writeTransaction';
const readApi = typeof neo4j.Session.prototype.executeRead === 'function' ? 'executeRead' : 'readTransaction';

/** lastBookmarks() (5, 6) or lastBookmark() (4.4), as an array of strings. */
function bookmarksOf(s) {
  const b = typeof s.lastBookmarks === 'function' ? s.lastBookmarks() : s.lastBookmark();
  return Array.isArray(b) ? b : [b].filter((x) => x != null);
}

async function countRun(step, s) {
  const query = 'MATCH (n:JsCheck {run: $run, step: $step}) RETURN count(n) AS c';
  const r = s ? await s.run(query, { run, step }) : await withSession((x) => x.run(query, { run, step }));
  return toNumber(r.records[0].get('c'));
}

function toNumber(v) {
  return neo4j.isInt(v) ? v.toNumber() : v;
}

/** Runs {@code body}, which must fail with a server error; returns the error. */
async function expectError(what, body) {
  try {
    await body();
  } catch (e) {
    if (e instanceof CheckFailure) {
      throw e;
    }
    return e;
  }
  fail(`${what} succeeded, but it should have failed`);
}

// ---------------------------------------------------------------- comparing values

const temporal = (v, fields) => fields.map((f) => (v[f] === undefined || v[f] === null ? '-' : String(v[f]))).join(',');

/** A canonical text of a value, with the types, so that equal texts mean equal values. */
function describe(v) {
  if (v === null || v === undefined) {
    return 'null';
  }
  if (typeof v === 'boolean') {
    return `bool:${v}`;
  }
  if (neo4j.isInt(v)) {
    return `int:${v.toString()}`;
  }
  if (typeof v === 'bigint') {
    return `int:${v.toString()}`;
  }
  if (typeof v === 'number') {
    return `float:${Object.is(v, -0) ? '-0' : String(v)}`;
  }
  if (typeof v === 'string') {
    return `str:${JSON.stringify(v)}`;
  }
  if (Array.isArray(v)) {
    return `[${v.map(describe).join(', ')}]`;
  }
  if (v instanceof Int8Array || v instanceof Uint8Array) {
    return `bytes:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  }
  if (neo4j.isDateTime(v)) {
    // a zoned date-time: the zone id is the value; the offset the driver adds is checked apart
    const zone = v.timeZoneId ? `zone=${v.timeZoneId}` : `offset=${String(v.timeZoneOffsetSeconds)}`;
    return `DateTime(${temporal(v, ['year', 'month', 'day', 'hour', 'minute', 'second', 'nanosecond'])},${zone})`;
  }
  if (neo4j.isLocalDateTime(v)) {
    return `LocalDateTime(${temporal(v, ['year', 'month', 'day', 'hour', 'minute', 'second', 'nanosecond'])})`;
  }
  if (neo4j.isDate(v)) {
    return `Date(${temporal(v, ['year', 'month', 'day'])})`;
  }
  if (neo4j.isTime(v)) {
    return `Time(${temporal(v, ['hour', 'minute', 'second', 'nanosecond', 'timeZoneOffsetSeconds'])})`;
  }
  if (neo4j.isLocalTime(v)) {
    return `LocalTime(${temporal(v, ['hour', 'minute', 'second', 'nanosecond'])})`;
  }
  if (neo4j.isDuration(v)) {
    return `Duration(${temporal(v, ['months', 'days', 'seconds', 'nanoseconds'])})`;
  }
  if (neo4j.isPoint(v)) {
    return `Point(${temporal(v, ['srid', 'x', 'y', 'z'])})`;
  }
  if (v instanceof Node || v instanceof Relationship || v instanceof Path) {
    return `${v.constructor.name}(${String(v)})`;
  }
  if (typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${k}: ${describe(v[k])}`).join(', ')}}`;
  }
  return `${typeof v}:${String(v)}`;
}

/**
 * One value type both ways: the driver's value sent as a parameter and returned, the server's
 * Cypher expression returned, and the server comparing the two (by {@code sameTest}, default
 * {@code $v = <cypher>}, which must be true).
 */
async function valueBothWays(name, param, cypher, { sameTest = `$v = ${cypher}`, extra } = {}) {
  await check(`value ${name}`, async () => {
    const r = await withSession((s) => s.run(`RETURN $v AS sent, ${cypher} AS made, ${sameTest} AS same`, { v: param }));
    const rec = r.records[0];
    const want = describe(param);
    const sent = describe(rec.get('sent'));
    const made = describe(rec.get('made'));
    expect(sent === want, `sent ${want}, the parameter came back as ${sent}`);
    expect(made === want, `the server's ${cypher} arrived as ${made}, expected ${want}`);
    expect(rec.get('same') === true, `the server says ${sameTest} is ${describe(rec.get('same'))} for $v ${want}`);
    if (extra) {
      extra(rec.get('sent'), rec.get('made'));
    }
    return `${want.length > 160 ? want.slice(0, 160) + '...' : want} both ways`;
  });
}

/**
 * A value type the server does not take as a parameter (points, byte arrays): it must answer
 * with Neo.ClientError.Statement.TypeError (the code kept on the way), and the session must stay
 * usable. Should the server ever accept it, the value must come back unchanged.
 */
async function valueRefusedOrEqual(name, param) {
  await check(`value ${name}`, async () => withSession(async (s) => {
    let rec;
    try {
      rec = (await s.run('RETURN $v AS sent', { v: param })).records[0];
    } catch (e) {
      if (e instanceof CheckFailure) {
        throw e;
      }
      expect(e.code === 'Neo.ClientError.Statement.TypeError',
        `sending ${describe(param)} failed with ${e.code}: ${e.message} (expected the value back, or Neo.ClientError.Statement.TypeError)`);
      const after = await s.run('RETURN 1 AS one');
      expect(toNumber(after.records[0].get('one')) === 1, 'the session did not work after the refusal');
      return `${describe(param)} sent; the server refuses it as a parameter with ${e.code} (memgraph_ha has no such type),`
        + ' and the session works on';
    }
    const sent = describe(rec.get('sent'));
    expect(sent === describe(param), `sent ${describe(param)}, it came back as ${sent}`);
    return `${describe(param)} both ways`;
  }));
}

// ---------------------------------------------------------------- the checks

console.log(`driver ${driverPackage} (neo4j-driver ${driverVersion}${transport === 'websocket' ? ', browser build over WebSocket' : ''}), uri ${uri}, run ${run}`);

await check('connectivity', async () => {
  let info = await driver.verifyConnectivity();
  if (typeof driver.getServerInfo === 'function') {
    info = await driver.getServerInfo();
  }
  const parts = [];
  if (info && info.address) {
    parts.push(`address ${info.address}`);
  }
  if (info && (info.agent || info.version)) {
    parts.push(`agent ${info.agent || info.version}`);
  }
  if (info && info.protocolVersion !== undefined) {
    parts.push(`Bolt ${info.protocolVersion}`);
  }
  return `verifyConnectivity answered${parts.length ? ' (' + parts.join(', ') + ')' : ''}`;
});
if (transport === 'websocket') {
  await check('websocket', async () => {
    expect(webSocketUrls.length > 0, 'the browser build of the driver opened no WebSocket');
    const wrong = webSocketUrls.filter((u) => !u.startsWith('ws://'));
    expect(wrong.length === 0, `WebSockets to ${wrong.join(', ')}`);
    return `${webSocketUrls.length} WebSocket connection(s) so far, to ${[...new Set(webSocketUrls)].join(', ')}`;
  });
}

await valueBothWays('null', null, 'null', { sameTest: '$v IS NULL' });
await valueBothWays('boolean', [true, false], '[true, false]');
await valueBothWays('integer', [neo4j.int(0), neo4j.int(42), neo4j.int(-7), neo4j.int(2147483647)], '[0, 42, -7, 2147483647]');
await valueBothWays('large integer', [neo4j.int('9223372036854775807'), neo4j.int('-9223372036854775808'), neo4j.int('4294967296')],
  '[9223372036854775807, -9223372036854775808, 4294967296]', {
    sameTest: '$v = [9223372036854775807, -9223372036854775808, 4294967296] AND $v[0] - 1 = 9223372036854775806',
  });
// a JavaScript number is a Bolt float, even when it has no fraction
await valueBothWays('float', [3.141592653589793, -0.5, 42, 1.7976931348623157e308, 5e-324],
  '[3.141592653589793, -0.5, 42.0, 1.7976931348623157e308, 5e-324]');
const unicode = 'Grüße, 世界! Ωμέγα ∑ 🚀🎉 é (e + U+0301) "quoted" \\ back\\slash';
await valueBothWays('string', unicode, `'${unicode.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
await check('value long string', async () => {
  // larger than one Bolt chunk (65535 bytes) in both directions
  const long = 'äöü-0123456789-'.repeat(10000);
  const r = await withSession((s) => s.run('RETURN $v AS sent, size($v) AS n', { v: long }));
  expect(r.records[0].get('sent') === long, `a ${long.length}-character string did not come back unchanged`);
  expect(toNumber(r.records[0].get('n')) === long.length, `the server counted ${r.records[0].get('n')} characters, not ${long.length}`);
  return `${long.length} characters (${Buffer.byteLength(long)} UTF-8 bytes) both ways`;
});
await valueBothWays('list', [neo4j.int(1), 'two', 3.5, true, [neo4j.int(4), [neo4j.int(5)]], { k: 'v' }, []],
  "[1, 'two', 3.5, true, [4, [5]], {k: 'v'}, []]");
await valueBothWays('map', { a: neo4j.int(1), b: 'x', c: [neo4j.int(1), neo4j.int(2)], d: { e: 2.5, f: {} }, 'key with space': null },
  "{a: 1, b: 'x', c: [1, 2], d: {e: 2.5, f: {}}, `key with space`: null}", {
    sameTest: "$v.a = 1 AND $v.b = 'x' AND $v.c = [1, 2] AND $v.d = {e: 2.5, f: {}} AND $v['key with space'] IS NULL"
      + " AND size(keys($v)) = 5",
  });
await valueRefusedOrEqual('bytes', new Int8Array([0, 1, -1, 127, -128]));
await valueBothWays('date', [new neo4j.Date(2024, 2, 29), new neo4j.Date(1, 1, 1), new neo4j.Date(9999, 12, 31)],
  "[date('2024-02-29'), date('0001-01-01'), date('9999-12-31')]");
await valueBothWays('time', [new neo4j.Time(12, 34, 56, 789000000, 3600), new neo4j.Time(0, 0, 0, 1, -34200)],
  "[time('12:34:56.789+01:00'), time('00:00:00.000000001-09:30')]");
await valueBothWays('local time', [new neo4j.LocalTime(23, 59, 59, 999999999), new neo4j.LocalTime(0, 0, 0, 0)],
  "[localtime('23:59:59.999999999'), localtime('00:00:00')]");
await valueBothWays('datetime with offset',
  [new neo4j.DateTime(2024, 2, 29, 12, 34, 56, 123456789, -18000), new neo4j.DateTime(1970, 1, 1, 0, 0, 0, 0, 0)],
  "[datetime('2024-02-29T12:34:56.123456789-05:00'), datetime('1970-01-01T00:00:00Z')]");
await valueBothWays('datetime with zone id',
  [new neo4j.DateTime(2024, 7, 1, 12, 0, 0, 0, undefined, 'Europe/Berlin'),
    new neo4j.DateTime(2024, 1, 15, 8, 30, 0, 5, undefined, 'America/New_York')],
  "[datetime('2024-07-01T12:00:00[Europe/Berlin]'), datetime('2024-01-15T08:30:00.000000005[America/New_York]')]", {
    extra: (sent, made) => {
      // the offsets, where the driver reports them (Bolt 5, or 4.4 with the utc patch)
      const want = [7200, -18000];
      for (const [side, list] of [['sent', sent], ['made', made]]) {
        list.forEach((d, i) => {
          if (d.timeZoneOffsetSeconds !== undefined && d.timeZoneOffsetSeconds !== null) {
            expect(toNumber(d.timeZoneOffsetSeconds) === want[i],
              `${side}[${i}] ${describe(d)} has the offset ${d.timeZoneOffsetSeconds}, not ${want[i]}`);
          }
        });
      }
    },
  });
await valueBothWays('local datetime',
  [new neo4j.LocalDateTime(1999, 12, 31, 23, 59, 59, 1), new neo4j.LocalDateTime(2024, 2, 29, 0, 0, 0, 0)],
  "[localdatetime('1999-12-31T23:59:59.000000001'), localdatetime('2024-02-29T00:00:00')]");
await valueBothWays('duration', [new neo4j.Duration(14, 3, 3723, 500000000), new neo4j.Duration(0, -1, -30, 0)],
  "[duration('P1Y2M3DT1H2M3.5S'), duration({days: -1, seconds: -30})]");
await valueRefusedOrEqual('point 2D', new neo4j.Point(7203, 1.5, -2.25));
await valueRefusedOrEqual('point 3D', new neo4j.Point(4979, 12.5, 56.25, 100.0));

await check('value node relationship path', async () => {
  await withSession((s) => managedWrite(s, (tx) => tx.run(
    "CREATE (:JsCheck {run: $run, step: 'graph', name: 'a', born: date('1815-12-10')})"
    + "-[:JS_KNOWS {since: 1833, weight: 1.5}]->(:JsCheck:Other {run: $run, step: 'graph', name: 'b'})", { run })));
  const r = await withSession((s) => managedRead(s, (tx) => tx.run(
    "MATCH p = (a:JsCheck {run: $run, name: 'a'})-[r:JS_KNOWS]->(b:JsCheck {run: $run, name: 'b'}) "
    + "MATCH q = (b)<-[:JS_KNOWS]-(a) RETURN a, r, b, p, q", { run })));
  expect(r.records.length === 1, `expected one row, got ${r.records.length}`);
  const rec = r.records[0];
  const [a, rel, b, p, q] = ['a', 'r', 'b', 'p', 'q'].map((k) => rec.get(k));
  expect(a instanceof Node && b instanceof Node, `a and b are not nodes: ${describe(a)}, ${describe(b)}`);
  expect(rel instanceof Relationship, `r is not a relationship: ${describe(rel)}`);
  expect(p instanceof Path && q instanceof Path, `p and q are not paths: ${describe(p)}, ${describe(q)}`);
  expect(a.labels.join() === 'JsCheck' && b.labels.slice().sort().join() === 'JsCheck,Other',
    `labels ${a.labels} and ${b.labels}`);
  expect(a.properties.name === 'a' && describe(a.properties.born) === describe(new neo4j.Date(1815, 12, 10)),
    `a's properties ${describe(a.properties)}`);
  expect(rel.type === 'JS_KNOWS' && toNumber(rel.properties.since) === 1833 && rel.properties.weight === 1.5,
    `r is ${describe(rel)} with ${describe(rel.properties)}`);
  expect(rel.start.equals(a.identity) && rel.end.equals(b.identity),
    `r goes from ${rel.start} to ${rel.end}, but a is ${a.identity} and b is ${b.identity}`);
  if (a.elementId !== undefined) {
    expect(typeof a.elementId === 'string' && rel.startNodeElementId === a.elementId && rel.endNodeElementId === b.elementId,
      `element ids: a ${a.elementId}, b ${b.elementId}, r from ${rel.startNodeElementId} to ${rel.endNodeElementId}`);
  }
  expect(p.length === 1 && p.start.identity.equals(a.identity) && p.end.identity.equals(b.identity),
    `p has length ${p.length} from ${p.start.identity} to ${p.end.identity}`);
  const seg = p.segments[0];
  expect(seg.relationship.identity.equals(rel.identity) && seg.start.identity.equals(a.identity)
    && seg.end.identity.equals(b.identity), 'p\'s segment does not match a-[r]->b');
  // q walks the relationship against its direction
  const back = q.segments[0];
  expect(q.start.identity.equals(b.identity) && q.end.identity.equals(a.identity)
    && back.relationship.start.equals(a.identity) && back.relationship.end.equals(b.identity),
  `q (b)<-[r]-(a) arrived as ${describe(q.start.identity)} .. ${describe(q.end.identity)},`
    + ` relationship ${back.relationship.start}->${back.relationship.end}`);
  // (a node as a parameter is not tried: the drivers refuse it themselves, and 5.28 then hangs)
  return `nodes ${describe(a.labels)} and ${describe(b.labels)} with their properties, relationship :${rel.type} and its ends,`
    + ' paths of length 1 walked both ways';
});

await check('auto-commit run', async () => withSession(async (s) => {
  const r = await s.run("CREATE (n:JsCheck {run: $run, step: 'auto'}) RETURN n.step AS step", { run });
  expect(r.records.length === 1 && r.records[0].get('step') === 'auto', `returned ${describe(r.records.map((x) => x.toObject()))}`);
  const created = r.summary.counters.updates().nodesCreated;
  expect(created === 1, `the summary says ${created} nodes created`);
  const count = await countRun('auto', s);
  expect(count === 1, `${count} nodes written by the auto-commit run are visible`);
  return 'CREATE ran and committed; summary counters nodesCreated 1; visible to the next query';
}));

await check('streaming', async () => withSession(async (s) => {
  // more records than one PULL asks for (fetchSize 1000): several PULLs with has_more in between
  const r = await s.run('UNWIND range(1, 5000) AS i RETURN i, toString(i) AS s');
  expect(r.records.length === 5000, `${r.records.length} records instead of 5000`);
  let sum = 0;
  r.records.forEach((x, i) => {
    expect(toNumber(x.get('i')) === i + 1 && x.get('s') === String(i + 1), `record ${i} is ${describe(x.toObject())}`);
    sum += toNumber(x.get('i'));
  });
  // and one consumed before it is read to the end (DISCARD of the rest)
  const partial = s.run('UNWIND range(1, 5000) AS i RETURN i');
  const summary = await partial.summary();
  expect(summary !== undefined, 'no summary for a discarded result');
  const after = await s.run('RETURN 1 AS one');
  expect(toNumber(after.records[0].get('one')) === 1, 'the session did not work after a discarded result');
  return `5000 records in batches (sum ${sum}), then a result discarded unread`;
}));

await check('transaction commit', async () => {
  await withSession(async (s) => {
    const tx = s.beginTransaction();
    await tx.run("CREATE (:JsCheck {run: $run, step: 'commit'})", { run });
    await tx.run("CREATE (:JsCheck {run: $run, step: 'commit'})", { run });
    const inside = await countRun('commit', tx);
    expect(inside === 2, `the transaction sees ${inside} of its 2 nodes`);
    await tx.commit();
  });
  const count = await countRun('commit');
  expect(count === 2, `${count} nodes visible after the commit, not 2`);
  return 'two CREATEs and a MATCH in one explicit transaction; commit; both nodes visible in a new session';
});

await check('transaction rollback', async () => {
  await withSession(async (s) => {
    const tx = s.beginTransaction();
    await tx.run("CREATE (:JsCheck {run: $run, step: 'rollback'})", { run });
    const inside = await countRun('rollback', tx);
    expect(inside === 1, `the transaction sees ${inside} nodes of its own`);
    await tx.rollback();
    const after = await countRun('rollback', s);
    expect(after === 0, `${after} nodes visible after the rollback`);
  });
  return 'a CREATE seen inside the transaction; rollback; nothing visible';
});

await check('managed write', async () => {
  const step = await withSession((s) => managedWrite(s, async (tx) => {
    const r = await tx.run("CREATE (n:JsCheck {run: $run, step: 'managed'}) RETURN n.step AS step", { run });
    return r.records[0].get('step');
  }));
  expect(step === 'managed', `the transaction function returned ${describe(step)}`);
  return `${writeApi} committed a CREATE and returned its result`;
});

await check('managed read', async () => {
  const count = await withSession((s) => managedRead(s, async (tx) => {
    const r = await tx.run('MATCH (n:JsCheck {run: $run}) RETURN count(n) AS c', { run });
    return toNumber(r.records[0].get('c'));
  }), neo4j.session.READ);
  // graph 2, auto 1, commit 2, managed 1
  expect(count === 6, `${readApi} counted ${count} nodes of this run, not 6`);
  return `${readApi} in a READ session counted the 6 nodes written so far`;
});

await check('server error code', async () => withSession(async (s) => {
  const e = await expectError('RETURN nope(', () => s.run('RETURN nope('));
  expect(e.code === 'Neo.ClientError.Statement.SyntaxError', `code ${e.code}: ${e.message}`);
  const again = await s.run('RETURN 2 AS two');
  expect(toNumber(again.records[0].get('two')) === 2, 'the session did not work after the error');
  const missing = await expectError('RETURN $nothing', () => s.run('RETURN $nothing AS x'));
  expect(missing.code === 'Neo.ClientError.Statement.ParameterMissing', `code ${missing.code}: ${missing.message}`);
  return `${e.code} (auto-commit), ${missing.code}; the session works after each`;
}));

await check('error in transactions', async () => {
  await withSession(async (s) => {
    const tx = s.beginTransaction();
    await tx.run("CREATE (:JsCheck {run: $run, step: 'failed'})", { run });
    const e = await expectError('RETURN nope( in a transaction', () => tx.run('RETURN nope('));
    expect(e.code === 'Neo.ClientError.Statement.SyntaxError', `explicit transaction: code ${e.code}: ${e.message}`);
    try {
      await tx.rollback();
    } catch (ignored) {
      // a failed transaction may already count as rolled back
    }
    const managed = await expectError('a syntax error in a transaction function',
      () => managedWrite(s, (t) => t.run('RETURN nope(')));
    expect(managed.code === 'Neo.ClientError.Statement.SyntaxError', `transaction function: code ${managed.code}: ${managed.message}`);
    const count = await countRun('failed', s);
    expect(count === 0, `${count} nodes of the failed transaction are visible`);
  });
  return 'SyntaxError in an explicit transaction (its CREATE not committed) and in a transaction function (not retried)';
});

await check('bookmarks', async () => {
  const s1 = session(neo4j.session.WRITE);
  let first;
  let second;
  try {
    await managedWrite(s1, (tx) => tx.run("CREATE (:JsCheck {run: $run, step: 'bookmark'})", { run }));
    first = bookmarksOf(s1);
    await managedWrite(s1, (tx) => tx.run("CREATE (:JsCheck {run: $run, step: 'bookmark'})", { run }));
    second = bookmarksOf(s1);
  } finally {
    await s1.close();
  }
  expect(first.length > 0 && first.every((b) => typeof b === 'string' && b.length > 0), `bookmarks after a write: ${describe(first)}`);
  expect(describe(first) !== describe(second), `the bookmark did not change with the second write: ${describe(first)}`);
  const count = await withSession((s) => managedRead(s, async (tx) => {
    const r = await tx.run("MATCH (n:JsCheck {run: $run, step: 'bookmark'}) RETURN count(n) AS c", { run });
    return toNumber(r.records[0].get('c'));
  }), neo4j.session.READ, second);
  expect(count === 2, `a READ session given the bookmarks ${describe(second)} counted ${count} nodes, not 2`);
  // an old bookmark is fine too: it asks for less
  await withSession((s) => managedRead(s, (tx) => tx.run('RETURN 1')), neo4j.session.READ, first);
  const api = typeof neo4j.Session.prototype.lastBookmarks === 'function' ? 'lastBookmarks()' : 'lastBookmark()';
  return `${api} ${describe(first)} then ${describe(second)}; a new READ session with them sees both writes`;
});

if (typeof driver.executeQuery === 'function') {
  await check('executeQuery', async () => {
    const w = await driver.executeQuery("CREATE (n:JsCheck {run: $run, step: 'eq'}) RETURN n.step AS step", { run });
    expect(w.records.length === 1 && w.records[0].get('step') === 'eq', `the write returned ${describe(w.records.map((x) => x.toObject()))}`);
    const r = await driver.executeQuery("MATCH (n:JsCheck {run: $run, step: 'eq'}) RETURN count(n) AS c", { run },
      { routing: neo4j.routing.READ });
    expect(toNumber(r.records[0].get('c')) === 1, `the read counted ${r.records[0].get('c')}`);
    return 'a write and a READ-routed read through the driver\'s bookmark manager';
  });
}

await check('cleanup', async () => {
  await withSession((s) => managedWrite(s, (tx) => tx.run('MATCH (n:JsCheck {run: $run}) DETACH DELETE n', { run })));
  const r = await withSession((s) => s.run('MATCH (n:JsCheck {run: $run}) RETURN count(n) AS c', { run }));
  expect(toNumber(r.records[0].get('c')) === 0, `${r.records[0].get('c')} nodes left`);
  return 'every node of this run deleted';
});

await driver.close();
finish();
