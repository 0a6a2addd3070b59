/** Who is calling, resolved from their credential. */
export interface Principal {
  id: string;
  name: string;
  roles: string[];
}

export interface Caller {
  tenant: { id: string; slug: string };
  principal: Principal;
}
