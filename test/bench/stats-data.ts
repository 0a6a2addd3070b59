/**
 * Deterministic generator of complaint_fact and shipment rows for the statistics benchmark: two years of
 * receipts ending at `now`, skewed like real complaint data (a few categories, products and customers carry
 * most complaints). Same seed, same rows. Values are in the columns' SQLite storage form (dates as epoch
 * milliseconds, booleans as 0/1), ready for a multi-row INSERT.
 */

/** sfc32: small, fast, 128-bit state; plenty for a few tens of millions of draws. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  return next;
}

/** Picks an index by cumulative weights. */
function picker(weights: number[]): (u: number) => number {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return (u) => {
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Eight hex digits of a uniform draw (a byte table: toString(16) per id made the generator twice as slow). */
const hex8 = (u: number): string => {
  const x = Math.floor(u * 0x1_0000_0000);
  return HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
};

/** A version-4-shaped UUID from the generator (deterministic, unlike randomUUID). */
function uuidFrom(rand: () => number): string {
  const a = hex8(rand());
  const b = hex8(rand());
  const c = hex8(rand());
  const d = hex8(rand());
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[parseInt(c[0], 16) & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

const zipf = (n: number, s: number): number[] => Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);

/** Standard normal from two uniforms (Box-Muller). */
const normal = (u1: number, u2: number): number => Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);

/** The shipped complaint types with their category keys (templates/complaint-types), most frequent first. */
const TYPES: Array<{ key: string; weight: number; categories: string[]; claimed: number }> = [
  {
    key: 'product-quality',
    weight: 70,
    categories: ['manufacturing-defect', 'assembly', 'welding', 'surface-treatment', 'machining', 'stamping', 'material', 'purchased-part', 'labeling', 'packaging', 'raw-material', 'design-defect'],
    claimed: 0.92,
  },
  { key: 'delivery', weight: 20, categories: ['logistics-delay', 'shipping-error', 'transit-damage', 'production-delay', 'supply-chain-disruption'], claimed: 0.6 },
  { key: 'service', weight: 10, categories: ['slow-response', 'problem-not-solved', 'unprofessional', 'indifferent-attitude'], claimed: 0.1 },
];

/** Severities: the three of the shipped templates plus a fourth for observations. */
const SEVERITIES = [
  { key: 'minor', weight: 52, medianDays: 8, targetDays: 14 },
  { key: 'major', weight: 30, medianDays: 5, targetDays: 7 },
  { key: 'critical', weight: 8, medianDays: 2, targetDays: 3 },
  { key: 'observation', weight: 10, medianDays: 10, targetDays: 21 },
];

/** The organization template's departments plus four more, about 12 in all. */
const DEPARTMENTS = ['quality', 'production', 'sqe', 'customer-service', 'logistics', 'rd', 'plant', 'management', 'incoming-inspection', 'stamping-shop', 'paint-shop', 'warehouse'];

export const PRODUCTS = Array.from({ length: 500 }, (_, i) => `PN-${String(10_000 + i * 7)}`);
export const CUSTOMERS = Array.from({ length: 200 }, (_, i) => `客户${String(i + 1).padStart(3, '0')}汽车零部件有限公司`);

/** Column order of complaint_fact as inserted. */
export const FACT_COLUMNS = [
  'complaint_id',
  'tenant_id',
  'received_at',
  'received_day',
  'received_month',
  'received_week',
  'type_key',
  'category',
  'severity',
  'department',
  'product_key',
  'customer_key',
  'closed_at',
  'cycle_seconds',
  'close_on_time',
  'rejected',
  'reopen_count',
  'satisfaction',
  'defective_claimed',
  'defective_confirmed',
  'repeat_gap_seconds',
] as const;

export type LocalKeys = { day: string; month: string; week: string };

/** Tallies of what was generated, to show the data set is what it claims to be. */
export interface DataProfile {
  rows: number;
  closed: number;
  rejected: number;
  reopened: number;
  satisfaction: number;
  claimed: number;
  topCategoryShare: number;
  top3CategoryShare: number;
  categories: number;
}

export interface FactGeneratorOptions {
  seed: number;
  tenantId: string;
  /** Rows to produce in all. */
  count: number;
  /** Local midnight (epoch ms) of each of the days receipts fall on, oldest first, and one more after the last. */
  dayStarts: number[];
  now: number;
  keysAt: (ms: number) => LocalKeys;
}

const DAY_MS = 86_400_000;

/**
 * Yields one local day's rows at a time (chronological within the day), `count` rows over all the days.
 * Daily volume grows about 40 % over the period, is lower at weekends and around the Spring Festival;
 * receipts cluster in working hours.
 */
export function* factDays(o: FactGeneratorOptions): Generator<unknown[][]> {
  const rand = prng(o.seed);
  const days = o.dayStarts.length - 1;
  const weights = Array.from({ length: days }, (_, d) => {
    const weekday = new Date(o.dayStarts[d] + DAY_MS / 2).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.35 : 1;
    const dayOfYear = Math.floor((o.dayStarts[d] - Date.UTC(new Date(o.dayStarts[d]).getUTCFullYear(), 0, 1)) / DAY_MS);
    const festival = dayOfYear > 28 && dayOfYear < 45 ? 0.4 : 1;
    return (1 + (0.4 * d) / days) * weekend * festival;
  });
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  // Exactly `count` rows: floor of each day's share, the rest to the days with the largest remainders.
  const shares = weights.map((w) => (w / totalWeight) * o.count);
  const perDay = shares.map(Math.floor);
  const rest = o.count - perDay.reduce((a, b) => a + b, 0);
  shares
    .map((s, d) => [s - Math.floor(s), d] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, rest)
    .forEach(([, d]) => perDay[d]++);

  const type = picker(TYPES.map((t) => t.weight));
  const category = TYPES.map((t) => picker(zipf(t.categories.length, 1.1)));
  const severity = picker(SEVERITIES.map((s) => s.weight));
  const department = picker(zipf(DEPARTMENTS.length, 0.9));
  const product = picker(zipf(PRODUCTS.length, 0.9));
  const customer = picker(zipf(CUSTOMERS.length, 1.0));
  const stars = picker([4, 8, 18, 40, 30]);
  const hour = picker([1, 1, 1, 1, 1, 1, 2, 4, 9, 12, 12, 11, 6, 9, 11, 11, 10, 8, 5, 3, 2, 2, 1, 1]);
  const uuid = () => uuidFrom(rand);

  /** Last receipt (ms) per product and category: rows come in time order, so the gap is to that one. */
  const lastByKey = new Map<string, number>();
  for (let d = 0; d < days; d++) {
    const dayLength = o.dayStarts[d + 1] - o.dayStarts[d];
    const times: number[] = [];
    for (let i = 0; i < perDay[d]; i++) times.push(o.dayStarts[d] + Math.min(dayLength - 1, Math.floor(((hour(rand()) + rand()) / 24) * dayLength)));
    times.sort((a, b) => a - b);
    const rows: unknown[][] = [];
    for (const receivedAt of times) {
      const keys = o.keysAt(receivedAt);
      const t = type(rand());
      const sev = SEVERITIES[severity(rand())];
      // About 2 % not classified yet (no category).
      const cat = rand() < 0.02 ? null : TYPES[t].categories[category[t](rand())];
      const rejected = rand() < 0.07;
      const cycleDays = sev.medianDays * Math.exp(0.9 * normal(rand(), rand())) * (rejected ? 0.3 : 1);
      const cycleSeconds = Math.max(600, Math.round(cycleDays * 86_400));
      const reopenDraw = rand();
      const reopenCount = reopenDraw < 0.005 ? 2 : reopenDraw < 0.045 ? 1 : 0;
      // 10 % still open whatever their age (waiting on the customer, stuck), plus those too recent to be done;
      // a third of the reopened ones are open again.
      const stuck = rand() < 0.1 || (reopenCount > 0 && rand() < 0.33);
      const closed = !stuck && receivedAt + cycleSeconds * 1000 <= o.now;
      const hasClock = rand() < 0.95;
      const satisfied = closed && !rejected && rand() < 0.55 ? stars(rand()) + 1 : null;
      const claimed = rand() < TYPES[t].claimed ? Math.min(1_000_000, Math.max(1, Math.round(40 * Math.exp(1.5 * normal(rand(), rand()))))) : null;
      const hasProduct = TYPES[t].key !== 'service' || rand() < 0.5;
      const productKey = hasProduct ? PRODUCTS[product(rand())] : null;
      let repeatGap: number | null = null;
      if (productKey && cat) {
        const key = `${productKey}\u0000${cat}`;
        const last = lastByKey.get(key);
        if (last !== undefined) repeatGap = Math.round((receivedAt - last) / 1000);
        lastByKey.set(key, receivedAt);
      }
      rows.push([
        uuid(),
        o.tenantId,
        receivedAt,
        keys.day,
        keys.month,
        keys.week,
        TYPES[t].key,
        cat,
        sev.key,
        DEPARTMENTS[department(rand())],
        productKey,
        rand() < 0.97 ? CUSTOMERS[customer(rand())] : null,
        closed ? receivedAt + cycleSeconds * 1000 : null,
        closed ? cycleSeconds : null,
        closed && hasClock ? (cycleDays <= sev.targetDays ? 1 : 0) : null,
        rejected ? 1 : 0,
        reopenCount,
        satisfied,
        claimed,
        null,
        repeatGap,
      ]);
    }
    yield rows;
  }
}

/** Adds a batch of rows to a profile (indexes by FACT_COLUMNS). */
export type Tally = Omit<DataProfile, 'topCategoryShare' | 'top3CategoryShare' | 'categories'> & { byCategory: Map<string | null, number> };

export function profileRows(rows: unknown[][], p: Tally): void {
  for (const r of rows) {
    p.rows++;
    if (r[12] !== null) p.closed++;
    if (r[15] === 1) p.rejected++;
    if ((r[16] as number) > 0) p.reopened++;
    if (r[17] !== null) p.satisfaction++;
    if (r[18] !== null) p.claimed++;
    const cat = r[7] as string | null;
    p.byCategory.set(cat, (p.byCategory.get(cat) ?? 0) + 1);
  }
}

/**
 * Shipped quantity per product and month (total rows, customer ''): proportional to the product's share of
 * complaints times a monthly volume, with noise; defective PPM lands in the hundreds to low thousands.
 */
export function shipmentRows(seed: number, tenantId: string, months: string[], monthlyVolume: number, updatedAt: number): unknown[][] {
  const rand = prng(seed);
  const weights = zipf(PRODUCTS.length, 0.9);
  const total = weights.reduce((a, b) => a + b, 0);
  const rows: unknown[][] = [];
  for (let p = 0; p < PRODUCTS.length; p++) {
    for (const period of months) {
      const quantity = Math.round((weights[p] / total) * monthlyVolume * (0.7 + 0.6 * rand()));
      const id = uuidFrom(rand);
      rows.push([id, tenantId, PRODUCTS[p], '', period, quantity, updatedAt, 'bench']);
    }
  }
  return rows;
}
