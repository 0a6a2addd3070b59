import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Which events: every field narrows the selection; leave it out for all.' })
export class EventFilter {
  @Field(() => [String], { nullable: true, description: 'Event types, exact (complaint.status_changed) or a prefix with a wildcard (complaint.*, webhook_endpoint.*); at most 50.' })
  types?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only events about these subjects (global IDs of complaints, investigations, templates...); at most 100.' })
  subjectIds?: string[] | null;
}

@InputType({ description: 'Which complaint status changes to receive; every field narrows the selection.' })
export class ComplaintStatusFilter {
  @Field(() => [String], { nullable: true, description: 'Complaint type keys, e.g. product-quality.' })
  types?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only changes into these statuses.' })
  statuses?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only complaints of these responsible departments.' })
  departments?: string[] | null;
}

@InputType({ description: 'Which investigation changes to receive; every field narrows the selection.' })
export class InvestigationUpdateFilter {
  @Field(() => [ID], { nullable: true, description: 'Only these investigations (global IDs).' })
  investigationIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Event types, exact (investigation.section_signed_off) or investigation.*.' })
  types?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only changes of these sections (e.g. D4), for section events.' })
  sections?: string[] | null;
}

/** Bounds of the filters' lists (checked before any query runs). */
export const FILTER_LIMITS = { types: 50, ids: 100, values: 100 } as const;

@InputType({ description: 'Which complaint events to receive.' })
export class ComplaintEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only events of this complaint.' })
  complaintId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only these event types, e.g. complaint.created, or a prefix with a wildcard (complaint.*).' })
  types?: string[] | null;
}
