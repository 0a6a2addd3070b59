import type { Category } from '../__generated__';

/** One node of a complaint type's category tree, with where it sits. */
export interface CategoryNode {
  key: string;
  title: Category['title'];
  description: Category['description'] | null;
  /** null at the top of the tree. */
  parentKey: string | null;
  /** Keys from the top of the tree down to this node, itself included. */
  path: string[];
  children: CategoryNode[];
}

/** Every node of the tree, depth first (a parent before its children, siblings in template order). */
export function categoryNodes(categories: readonly Category[], parent: CategoryNode | null = null): CategoryNode[] {
  return categories.flatMap((category) => {
    const node: CategoryNode = {
      key: category.key,
      title: category.title,
      description: category.description ?? null,
      parentKey: parent?.key ?? null,
      path: [...(parent?.path ?? []), category.key],
      children: [],
    };
    const below = categoryNodes(category.children ?? [], node);
    node.children = below.filter((n) => n.parentKey === node.key);
    return [node, ...below];
  });
}

/** The keys a complaint may be classified into: every node of the tree, depth first. */
export const categoryKeys = (categories: readonly Category[]): string[] => categoryNodes(categories).map((n) => n.key);
