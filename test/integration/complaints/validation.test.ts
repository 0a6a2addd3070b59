import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Complaint } from '../../../src/complaints/complaint.entity';
import { DomainEvent } from '../../../src/db/event.entity';
import { CreateComplaintDocument } from '../../__generated__/graphql';
import { productQualityData } from '../../fixtures/complaints';
import { startTestServer, type TestServer } from '../../fixtures/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const without = (key: string) => {
  const data = productQualityData();
  delete data[key];
  return data;
};

const failing: Array<{ title: string; typeKey?: string; data: Record<string, unknown>; idempotencyKey?: string; problems: Array<{ path: string; code: string }> }> = [
  { title: 'unknown complaint type', typeKey: 'warranty', data: productQualityData(), problems: [{ path: '/typeKey', code: 'UNKNOWN_COMPLAINT_TYPE' }] },
  { title: 'missing required field', data: without('description'), problems: [{ path: '/data/description', code: 'REQUIRED' }] },
  { title: 'missing nested required field', data: productQualityData({ customer: { organization: 'ACME' } }), problems: [{ path: '/data/customer/contactName', code: 'REQUIRED' }] },
  { title: 'wrong type', data: productQualityData({ quantityAffected: 'many' }), problems: [{ path: '/data/quantityAffected', code: 'TYPE' }] },
  { title: 'below minimum', data: productQualityData({ quantityAffected: 0 }), problems: [{ path: '/data/quantityAffected', code: 'MINIMUM' }] },
  { title: 'value outside enum', data: productQualityData({ channel: 'fax' }), problems: [{ path: '/data/channel', code: 'ENUM' }] },
  { title: 'bad date-time format', data: productQualityData({ receivedAt: 'yesterday' }), problems: [{ path: '/data/receivedAt', code: 'FORMAT' }] },
  { title: 'bad e-mail format', data: productQualityData({ customer: { organization: 'ACME', contactName: 'Li', email: 'not-an-email' } }), problems: [{ path: '/data/customer/email', code: 'FORMAT' }] },
  { title: 'empty string', data: productQualityData({ description: '' }), problems: [{ path: '/data/description', code: 'MIN_LENGTH' }] },
  { title: 'unknown field', data: productQualityData({ colour: 'red' }), problems: [{ path: '/data/colour', code: 'ADDITIONAL_PROPERTIES' }] },
  { title: 'duplicate lot numbers', data: productQualityData({ lotNumbers: ['A', 'A'] }), problems: [{ path: '/data/lotNumbers', code: 'UNIQUE_ITEMS' }] },
  { title: 'bad array item', data: productQualityData({ attachments: [{ name: 'photo.jpg' }] }), problems: [{ path: '/data/attachments/0/ref', code: 'REQUIRED' }] },
  {
    title: 'several problems at once, all reported',
    data: { ...without('demand'), channel: 'fax', quantityAffected: -1 },
    problems: [
      { path: '/data/demand', code: 'REQUIRED' },
      { path: '/data/channel', code: 'ENUM' },
      { path: '/data/quantityAffected', code: 'MINIMUM' },
    ],
  },
  { title: 'empty idempotency key', data: productQualityData(), idempotencyKey: '', problems: [{ path: '/idempotencyKey', code: 'LENGTH' }] },
  { title: 'overlong idempotency key', data: productQualityData(), idempotencyKey: 'k'.repeat(201), problems: [{ path: '/idempotencyKey', code: 'LENGTH' }] },
];

describe('createComplaint with invalid input', () => {
  it.each(failing)('$title', async ({ typeKey = 'product-quality', data, idempotencyKey, problems }) => {
    const em = server.stored();
    const [complaintsBefore, eventsBefore] = [await em.count(Complaint), await em.count(DomainEvent)];
    const { createComplaint } = await server.query(CreateComplaintDocument, { input: { typeKey, data, idempotencyKey } });
    if (createComplaint.__typename !== 'ValidationError') throw new Error(`expected ValidationError, got ${createComplaint.__typename}`);
    expect(createComplaint.code).toBe('VALIDATION_FAILED');
    expect(createComplaint.problems.map(({ path, code }) => ({ path, code }))).toEqual(expect.arrayContaining(problems));
    expect(createComplaint.problems).toHaveLength(problems.length);
    for (const p of createComplaint.problems) expect(p.message.length).toBeGreaterThan(0);
    const after = server.stored();
    expect(await after.count(Complaint)).toBe(complaintsBefore);
    expect(await after.count(DomainEvent)).toBe(eventsBefore);
  });

  it('rejects data that is not an object at the GraphQL layer (JSONObject scalar)', async () => {
    const result = await server.request(CreateComplaintDocument, { input: { typeKey: 'product-quality', data: 'text' as never } });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    { acceptLanguage: 'zh-CN,zh;q=0.9,en;q=0.8', message: '输入无效：共 3 个问题', texts: ['为必填项', '应当为 >= 1', '必须是以下值之一：'] },
    { acceptLanguage: 'en-US,en;q=0.9', message: 'Input is invalid: 3 problems', texts: ['is required', 'must be >= 1', 'must be one of'] },
  ])('explains problems in the caller\'s language ($acceptLanguage)', async ({ acceptLanguage, message, texts }) => {
    const data = { ...without('demand'), channel: 'fax', quantityAffected: 0 };
    const result = await server.request(CreateComplaintDocument, { input: { typeKey: 'product-quality', data } }, { headers: { 'accept-language': acceptLanguage } });
    const error = result.data!.createComplaint;
    if (error.__typename !== 'ValidationError') throw new Error(error.__typename);
    expect(error.message).toBe(message);
    const messages = Object.fromEntries(error.problems.map((p) => [p.code, p.message]));
    expect(messages.REQUIRED).toContain(texts[0]);
    expect(messages.MINIMUM).toContain(texts[1]);
    expect(messages.ENUM).toContain(texts[2]);
  });
});
