/* eslint-disable */
/**
 * GENERATED FILE - DO NOT EDIT. Source: schemas/*.schema.json. Regenerate with `npm run codegen`.
 */
export * from './templates';
