/** The product-quality intake every HTTP phase sends and the raw-insert baseline stores, so both move the same bytes. */
export const SAMPLE_INTAKE = {
  customer: { organization: '华东汽车零部件有限公司', contactName: '王工' },
  receivedAt: '2026-11-20T08:30:00Z',
  channel: 'email',
  product: { partNumber: 'BRK-2041' },
  quantityAffected: 120,
  description: '孔位偏移 0.3 mm',
  demand: 'exchange',
};
