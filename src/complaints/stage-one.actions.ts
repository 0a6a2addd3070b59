/** Text in both languages, as templates write it. */
export type ActionTitle = { 'zh-CN': string; en: string };

/**
 * Every stage-1 action a person takes, the GraphQL mutation that takes it, and its title where the workflow
 * template has none of its own (several transitions of one action, or decideApproval, which is no workflow
 * transition). The resolver names its mutations from this table, so an action always names a real mutation.
 * A workflow action missing here has no mutation: only the server (a timer, an approval route) takes it.
 */
export const COMPLAINT_ACTIONS = {
  startReview: { mutation: 'startReview', title: { 'zh-CN': '开始判定', en: 'Start review' } },
  accept: { mutation: 'acceptComplaint', title: { 'zh-CN': '受理', en: 'Accept' } },
  reject: { mutation: 'rejectComplaint', title: { 'zh-CN': '判定不成立', en: 'Reject' } },
  classify: { mutation: 'classifyComplaint', title: { 'zh-CN': '重新分类', en: 'Reclassify' } },
  assign: { mutation: 'assignComplaint', title: { 'zh-CN': '指派负责人 / 改派部门', en: 'Assign an owner / re-route' } },
  startContainment: { mutation: 'addContainmentAction', title: { 'zh-CN': '遏制措施', en: 'Containment action' } },
  proposeRemedy: { mutation: 'proposeRemedy', title: { 'zh-CN': '提出补救方案', en: 'Propose a remedy' } },
  submitRemedy: { mutation: 'submitRemedy', title: { 'zh-CN': '提交补救方案', en: 'Submit the remedy' } },
  decideApproval: { mutation: 'decideApproval', title: { 'zh-CN': '审批', en: 'Decide the approval' } },
  notifyCustomer: { mutation: 'notifyCustomer', title: { 'zh-CN': '通知客户', en: 'Notify the customer' } },
  requestFeedback: { mutation: 'requestFeedback', title: { 'zh-CN': '请客户反馈', en: 'Ask for feedback' } },
  recordFeedback: { mutation: 'recordCustomerFeedback', title: { 'zh-CN': '记录客户反馈', en: "Record the customer's feedback" } },
  close: { mutation: 'closeComplaint', title: { 'zh-CN': '关闭客诉', en: 'Close the complaint' } },
  decideInvestigation: { mutation: 'decideInvestigation', title: { 'zh-CN': '判定是否需要调查', en: 'Decide whether an investigation is needed' } },
  reopen: { mutation: 'reopenComplaint', title: { 'zh-CN': '重新打开', en: 'Reopen' } },
} as const satisfies Record<string, { mutation: string; title: ActionTitle }>;

export type ComplaintAction = keyof typeof COMPLAINT_ACTIONS;

/** The table's entry for a workflow action, if a mutation takes it. */
export function complaintAction(action: string): { mutation: string; title: ActionTitle } | undefined {
  return Object.hasOwn(COMPLAINT_ACTIONS, action) ? COMPLAINT_ACTIONS[action as ComplaintAction] : undefined;
}

/** The mutation that takes an action (for the resolver's decorators). */
export const mutationOf = (action: ComplaintAction): string => COMPLAINT_ACTIONS[action].mutation;
