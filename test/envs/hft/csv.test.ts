import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../envs/core/errors.js';
import { alignPair, parsePriceCsv, type PriceCsvOptions } from '../../../envs/hft/csv.js';
import { loadEwaEwc, pricesDir } from './ewa.js';

const day = 86_400_000;
const err = (text: string, opts: PriceCsvOptions = {}): ParseError => {
  try {
    parsePriceCsv(text, { source: 't.csv', ...opts });
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
};

describe('EWA/EWC files (spec §e.1)', () => {
  const { ewa, ewc, pair } = loadEwaEwc();
  it('row counts, first/last dates and closes', () => {
    expect(ewa.price.length).toBe(1500);
    expect(ewc.price.length).toBe(1500);
    expect(new Date(ewa.time[0]).toISOString().slice(0, 10)).toBe('2006-04-26');
    expect(new Date(ewa.time[1499]).toISOString().slice(0, 10)).toBe('2012-04-09');
    expect([ewa.price[0], ewa.price[1499], ewc.price[0], ewc.price[1499]]).toEqual([16.1, 22.93, 22.95, 27.46]);
  });
  it('timestamps identical across the pair, strictly increasing, nothing filled or dropped', () => {
    expect(Array.from(ewa.time)).toEqual(Array.from(ewc.time));
    for (let t = 1; t < 1500; t++) expect(pair.time[t]).toBeGreaterThan(pair.time[t - 1]);
    expect([pair.filledA, pair.filledB, pair.droppedA, pair.droppedB]).toEqual([0, 0, 0, 0]);
  });
});

describe('header detection and time formats', () => {
  it('ISO dates, date-times with Z / offsets / space / no zone (UTC), and adj_close preferred', () => {
    const s = parsePriceCsv('Date,Open,Close,Adj Close\n2020-01-02,1,10,9.5\n2020-01-03,1,11,10.5\n');
    expect(Array.from(s.price)).toEqual([9.5, 10.5]);
    expect(s.time[0]).toBe(Date.UTC(2020, 0, 2));
    const t = parsePriceCsv('timestamp,price\n2020-01-02T10:00:00Z,1\n2020-01-02 10:01:30,2\n2020-01-02T12:02:00+02:00,3\n2020-01-02T10:02:00.250-00:00,4\n');
    expect(Array.from(t.time)).toEqual([Date.UTC(2020, 0, 2, 10), Date.UTC(2020, 0, 2, 10, 1, 30), Date.UTC(2020, 0, 2, 10, 2), Date.UTC(2020, 0, 2, 10, 2, 0, 250)]);
  });
  it('yyyymmdd, epoch seconds and epoch milliseconds', () => {
    expect(parsePriceCsv('date,cl\n20200102,1\n20200103,2').time[1]).toBe(Date.UTC(2020, 0, 3));
    expect(Array.from(parsePriceCsv('open_time,close\n1577923200,1\n1577923260,2').time)).toEqual([1577923200000, 1577923260000]);
    expect(Array.from(parsePriceCsv('open_time,close\n1577923200000,1\n1577923260000,2').time)).toEqual([1577923200000, 1577923260000]);
  });
  it('separate date and time columns are combined; quotes and semicolons are handled', () => {
    const s = parsePriceCsv('"Date";"Time";"Last"\n"2020-01-02";"9:30";"5,0"\n'.replace('"5,0"', '5'));
    expect(s.time[0]).toBe(Date.UTC(2020, 0, 2, 9, 30));
    const tab = parsePriceCsv('datetime\tprice\n2020-01-02T00:00:00Z\t3\n');
    expect(tab.price[0]).toBe(3);
  });
  it('overrides name the columns; bid/ask give a mid and keep quotes', () => {
    const s = parsePriceCsv('when,x,y\n20200102,1,2\n20200103,3,4', { timeCol: 'when', priceCol: 'y' });
    expect(Array.from(s.price)).toEqual([2, 4]);
    const q = parsePriceCsv('utc_time,btc_bid,btc_ask\n2018-04-04T00:00:00Z,100,102\n', { bidCol: 'btc_bid', askCol: 'btc_ask' });
    expect([q.price[0], q.bid![0], q.ask![0]]).toEqual([101, 100, 102]);
  });
  it('headerless files with user-given columns or indices; Lean ms-of-day with a date offset', () => {
    const cols = ['time', 'open', 'high', 'low', 'close', 'volume'];
    const s = parsePriceCsv('0,1,1,1,7424.91,3\n60000,1,1,1,7405,2\n', { columns: cols, timeFormat: 'epoch-ms', timeOffsetMs: Date.UTC(2018, 3, 4) });
    expect(Array.from(s.time)).toEqual([Date.UTC(2018, 3, 4), Date.UTC(2018, 3, 4, 0, 1)]);
    expect(s.price[1]).toBe(7405);
    const idx = parsePriceCsv('20200102,5,6\n20200103,7,8\n', { timeCol: 0, priceCol: 2 });
    expect(Array.from(idx.price)).toEqual([6, 8]);
    const real = readFileSync(path.join(pricesDir, 'coinbase_lean_1m/btcusd/20180404_btcusd_minute_trade.csv'));
    const lean = parsePriceCsv(real, { columns: cols, timeFormat: 'epoch-ms', timeOffsetMs: Date.UTC(2018, 3, 4) });
    expect(lean.time[0]).toBe(Date.UTC(2018, 3, 4));
    expect(lean.price[0]).toBe(7422);
  });
  it('accepts UTF-8 bytes', () => {
    expect(parsePriceCsv(new TextEncoder().encode('date,close\n20200102,1\n')).price[0]).toBe(1);
    expect(parsePriceCsv(new TextEncoder().encode('\uFEFFdate,close\r\n20200102,1\r\n')).price[0]).toBe(1);
  });
});

describe('bad input → ParseError with the 1-based line number', () => {
  it('non-increasing, duplicate and newest-first timestamps', () => {
    const e = err('date,close\n20200102,1\n20200103,2\n20200103,3\n');
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/t\.csv:4: .*strictly increase/);
    expect(err('date,close\n20200103,1\n20200102,2\n').message).toMatch(/newest-first/);
  });
  it('bad prices, bad times, wrong field counts, bid above ask', () => {
    expect(err('date,close\n20200102,1\n20200103,null\n').line).toBe(3);
    expect(err('date,close\n20200102,1\n20200103,-2\n').message).toMatch(/positive/);
    expect(err('date,close\n20200102,1\n2020-13-45,2\n').message).toMatch(/cannot read time/);
    expect(err('date,close\n2021-02-28,1\n2021-02-30,2\n').line).toBe(3);
    expect(err('date,close\n20200102,1\n20200103,2,9\n').message).toMatch(/expected 2 fields, found 3/);
    expect(err('date,bid,ask\n20200102,3,2\n').message).toMatch(/bid 3 above ask 2/);
  });
  it('missing columns name what exists; headerless without columns; empty files', () => {
    expect(err('when,value\n1,2\n').message).toMatch(/no time column .*columns: when, value/);
    expect(err('date,value\n20200102,2\n').message).toMatch(/no price column/);
    expect(err('date,close\n20200102,2\n', { priceCol: 'adj' }).message).toMatch(/"adj" not found/);
    expect(err('20200102,2\n').message).toMatch(/no header row/);
    expect(err('\n\n').message).toMatch(/empty/);
    expect(err('date,close\n').message).toMatch(/no data rows/);
  });
});

describe('alignPair', () => {
  const s = (days: number[], px: number[]) => ({ time: Float64Array.from(days, (d) => d * day), price: Float64Array.from(px) });
  it('forward-fills a leg missing at a timestamp and flags it; starts where both have data', () => {
    const a = s([0, 1, 2, 3, 5], [10, 11, 12, 13, 15]);
    const b = s([1, 2, 4, 5], [20, 21, 22, 23]);
    const p = alignPair(a, b);
    expect(Array.from(p.time, (t) => t / day)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(p.a)).toEqual([11, 12, 13, 13, 15]);
    expect(Array.from(p.b)).toEqual([20, 21, 21, 22, 23]);
    expect(Array.from(p.filled)).toEqual([0, 0, 2, 1, 0]);
    expect([p.filledA, p.filledB, p.droppedA, p.droppedB]).toEqual([1, 1, 1, 0]);
  });
  it('inner join drops and counts; a regular grid inserts bars missing from both', () => {
    const a = s([0, 1, 2, 3, 5], [10, 11, 12, 13, 15]);
    const b = s([1, 2, 4, 5], [20, 21, 22, 23]);
    const inner = alignPair(a, b, { fill: 'inner' });
    expect(Array.from(inner.time, (t) => t / day)).toEqual([1, 2, 5]);
    expect([inner.droppedA, inner.droppedB]).toEqual([2, 1]);
    const g = alignPair(s([0, 1, 4], [1, 2, 3]), s([0, 1, 4], [5, 6, 7]), { gridMs: day });
    expect(Array.from(g.time, (t) => t / day)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(g.filled)).toEqual([0, 0, 3, 3, 0]);
    expect(Array.from(g.a)).toEqual([1, 2, 2, 2, 3]);
  });
  it('carries quotes when both legs have them', () => {
    const q = (days: number[], bid: number[], ask: number[]) => ({ ...s(days, bid.map((v, i) => (v + ask[i]) / 2)), bid: Float64Array.from(bid), ask: Float64Array.from(ask) });
    const p = alignPair(q([0, 1], [1, 2], [3, 4]), q([0, 1], [5, 6], [7, 8]));
    expect(Array.from(p.askB!)).toEqual([7, 8]);
    expect(() => alignPair(s([0], [1]), s([0], [1]), { fill: 'outer' as 'inner' })).toThrow(/fill/);
  });
});
