import {
  AcceptComplaintDocument,
  CreateComplaintDocument,
  NotifyCustomerDocument,
  ProposeRemedyDocument,
  RecordCustomerFeedbackDocument,
  RecordShipmentDocument,
  RejectComplaintDocument,
  ReopenComplaintDocument,
  RequestFeedbackDocument,
  StartReviewDocument,
  SubmitRemedyDocument,
  type TransitionFieldsFragment,
} from '../../__generated__/graphql';
import type { ManualClock } from '../../../src/scheduler/clock';
import { createInput, productQualityData } from '../../fixtures/complaints';
import type { TestServer } from '../../fixtures/test-server';

type Ref = { id: string; version: number };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function step(result: Promise<Record<string, TransitionFieldsFragment>>): Promise<Ref> {
  const value = Object.values(await result)[0];
  if (value.__typename !== 'Complaint') throw new Error(`step refused: ${JSON.stringify(value)}`);
  return { id: value.id, version: value.version };
}
const ref = (c: Ref) => ({ id: c.id, version: c.version });

export interface SeedComplaint {
  /** UTC instant of receipt. */
  received: string;
  product: string;
  customer: string;
  quantity: number;
  /** Hours from receipt to the closing step; absent: left open after creation. */
  closeAfterHours?: number;
  /** rejected at closing (no category), else accepted with this category and closed by the customer's feedback. */
  category?: string;
  satisfaction?: number;
  reopen?: boolean;
}

/**
 * Drives one complaint through GraphQL on the manual clock: created a minute after receipt, every step a
 * minute apart, the closing step (rejection or the customer's accepting feedback) at receipt + closeAfterHours
 * (notified two minutes and asked for feedback one minute before).
 */
export async function seedComplaint(server: TestServer, clock: ManualClock, s: SeedComplaint): Promise<Ref> {
  const received = new Date(s.received).getTime();
  clock.set(new Date(received + MINUTE));
  const data = productQualityData({ receivedAt: s.received, product: { partNumber: s.product }, customer: { organization: s.customer, contactName: '王工' }, quantityAffected: s.quantity });
  const { createComplaint } = await server.query(CreateComplaintDocument, { input: createInput({ data }) });
  if (createComplaint.__typename !== 'Complaint') throw new Error(JSON.stringify(createComplaint));
  let c: Ref = createComplaint;
  if (s.closeAfterHours === undefined) return c;
  const closeAt = received + s.closeAfterHours * HOUR;
  let t = received + MINUTE;
  const tick = () => clock.set(new Date((t += MINUTE)));
  tick();
  c = await step(server.query(StartReviewDocument, { input: ref(c) }));
  if (!s.category) {
    clock.set(new Date(closeAt));
    c = await step(server.query(RejectComplaintDocument, { input: { ...ref(c), reasonCode: 'within-specification' } }));
  } else {
    tick();
    c = await step(server.query(AcceptComplaintDocument, { input: { ...ref(c), category: s.category } }));
    tick();
    c = await step(server.query(ProposeRemedyDocument, { input: { ...ref(c), type: 'repair', quantity: s.quantity } }));
    tick();
    c = await step(server.query(SubmitRemedyDocument, { input: ref(c) }));
    // The time passes in active states (waiting on the customer's feedback would pause the SLA clocks).
    clock.set(new Date(closeAt - 2 * MINUTE));
    c = await step(server.query(NotifyCustomerDocument, { input: { ...ref(c), channel: 'email', text: 'We will repair the parts.' } }));
    clock.set(new Date(closeAt - MINUTE));
    c = await step(server.query(RequestFeedbackDocument, { input: ref(c) }));
    clock.set(new Date(closeAt));
    c = await step(server.query(RecordCustomerFeedbackDocument, { input: { ...ref(c), satisfaction: s.satisfaction ?? 4, acceptsResolution: true } }));
  }
  if (s.reopen) {
    clock.set(new Date(closeAt + HOUR));
    c = await step(server.query(ReopenComplaintDocument, { input: { ...ref(c), reason: 'the customer found more' } }));
  }
  return c;
}

/**
 * The small data set the statistics tests compute by hand (organization time zone Asia/Shanghai, UTC+8).
 * A is received on 1 November in Shanghai but 31 October in UTC; D on 1 December in Shanghai, 30 November in UTC.
 */
export const SEED: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', SeedComplaint> = {
  A: { received: '2026-10-31T17:00:00Z', product: 'P1', customer: 'C1', quantity: 100, closeAfterHours: 2 },
  B: { received: '2026-11-02T02:00:00Z', product: 'P1', customer: 'C1', quantity: 50, closeAfterHours: 4, category: 'material', satisfaction: 4 },
  C: { received: '2026-11-03T02:00:00Z', product: 'P2', customer: 'C2', quantity: 30, closeAfterHours: 6, category: 'machining', satisfaction: 5, reopen: true },
  D: { received: '2026-11-30T17:00:00Z', product: 'P1', customer: 'C2', quantity: 20, closeAfterHours: 8, category: 'machining', satisfaction: 2 },
  E: { received: '2026-11-10T02:00:00Z', product: 'P1', customer: 'C1', quantity: 10 },
  F: { received: '2026-11-05T02:00:00Z', product: 'P2', customer: 'C1', quantity: 40, closeAfterHours: 600, category: 'machining', satisfaction: 3 },
};

/** Shipments: P1 has a November total and a per-customer row; P2 only per-customer rows; P1 shipped 0 in December. */
export const SHIPMENTS = [
  { product: 'P1', period: '2026-11', quantity: 10_000 },
  { product: 'P1', customer: 'C1', period: '2026-11', quantity: 6_000 },
  { product: 'P2', customer: 'C1', period: '2026-11', quantity: 2_000 },
  { product: 'P2', customer: 'C2', period: '2026-11', quantity: 3_000 },
  { product: 'P1', period: '2026-12', quantity: 0 },
];

export async function seedAll(server: TestServer, clock: ManualClock): Promise<Record<keyof typeof SEED, Ref>> {
  const refs = {} as Record<keyof typeof SEED, Ref>;
  for (const [name, s] of Object.entries(SEED)) refs[name as keyof typeof SEED] = await seedComplaint(server, clock, s);
  for (const input of SHIPMENTS) {
    const { recordShipment } = await server.query(RecordShipmentDocument, { input });
    if (recordShipment.__typename !== 'ShipmentRecord') throw new Error(JSON.stringify(recordShipment));
  }
  return refs;
}
