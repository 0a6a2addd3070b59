/* eslint-disable */
/**
 * GENERATED FILE - DO NOT EDIT. Source: schemas/complaint-type.schema.json. Regenerate with `npm run codegen`.
 */

/**
 * A complaint type: its bilingual title and the intake form (JSON Schema + UI schema) its complaints are validated against.
 */
export interface ComplaintTypeTemplate {
  /**
   * Editor hint pointing at this meta-schema; ignored.
   */
  $schema?: string;
  kind: 'complaint-type';
  /**
   * Stable identifier used by clients (createComplaint typeKey).
   */
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  /**
   * Prefix of complaint numbers of this type, e.g. CC gives CC-2026-000001. Defaults to CC.
   */
  numberPrefix?: string;
  /**
   * JSON Schema (draft 2020-12) of the complaint data; compiled by ajv in strict mode. Field labels go in x-title.
   */
  intakeSchema: Record<string, unknown>;
  /**
   * UI schema for react-jsonschema-form / JSON Forms renderers.
   */
  uiSchema?: Record<string, unknown>;
}
/**
 * Text shown to users, in Simplified Chinese and English.
 */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}
