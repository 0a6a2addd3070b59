import { Migration } from '@mikro-orm/migrations';

export class Migration20261123091903_Webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`webhook_delivery\` (\`id\` text not null, \`tenant_id\` text not null, \`endpoint_id\` text not null, \`event_id\` text not null, \`event_sequence\` integer not null, \`event_type\` text not null, \`attempt\` integer not null, \`manual\` integer not null default false, \`at\` datetime not null, \`outcome\` text not null, \`http_status\` integer null, \`error\` text null, \`latency_ms\` integer null, \`response_excerpt\` text null, \`next_attempt_at\` datetime null, constraint \`webhook_delivery_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`webhook_delivery_tenant_id_index\` on \`webhook_delivery\` (\`tenant_id\`);`);
    this.addSql(`create index \`webhook_delivery_endpoint_id_event_id_index\` on \`webhook_delivery\` (\`endpoint_id\`, \`event_id\`);`);
    this.addSql(`create index \`webhook_delivery_outcome_endpoint_id_index\` on \`webhook_delivery\` (\`outcome\`, \`endpoint_id\`);`);
    this.addSql(`create index \`webhook_delivery_endpoint_id_at_index\` on \`webhook_delivery\` (\`endpoint_id\`, \`at\`);`);

    this.addSql(`create table \`webhook_endpoint\` (\`id\` text not null, \`tenant_id\` text not null, \`url\` text not null, \`description\` text null, \`event_types\` json not null, \`enabled\` integer not null default true, \`disabled_reason\` text null, \`disabled_at\` datetime null, \`created_at\` datetime not null, \`created_by\` text not null, \`updated_at\` datetime not null, \`deleted_at\` datetime null, \`secret\` text not null, \`previous_secret\` text null, \`previous_secret_expires_at\` datetime null, \`secret_created_at\` datetime not null, \`cursor\` integer not null, \`failing_since\` datetime null, \`next_attempt_at\` datetime null, \`attempt\` integer not null default 0, \`lease_owner\` text null, \`lease_until\` datetime null, \`version\` integer not null default 1, constraint \`webhook_endpoint_tenant_id_foreign\` foreign key(\`tenant_id\`) references \`tenant\`(\`id\`) on delete restrict on update restrict, primary key (\`id\`));`);
    this.addSql(`create index \`webhook_endpoint_tenant_id_index\` on \`webhook_endpoint\` (\`tenant_id\`);`);
    this.addSql(`create index \`webhook_endpoint_enabled_next_attempt_at_index\` on \`webhook_endpoint\` (\`enabled\`, \`next_attempt_at\`);`);
  }

}
