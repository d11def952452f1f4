import type { Identifier, Node, Program } from '@babel/types';
import type { Binding } from './scope-analysis.ts';

/** One layer 1 rule: its stable id (`family/name`) and what it forbids, in one line. */
export interface RuleInfo {
  readonly id: string;
  readonly description: string;
}

/** What a rule sees besides the node: where to report, and which identifiers are free. */
export interface RuleContext {
  /** Records a finding at the start of `node`. */
  report(rule: string, node: Node, message: string): void;
  /** True when `id` is a reference to a global (bound nowhere in the module). */
  isFree(id: Node): id is Identifier;
  /** The binding a (non-free) identifier reference resolves to. */
  bindingOf(id: Identifier): Binding | undefined;
  /** The module-level binding of `name`, if the module declares one. */
  moduleBinding(name: string): Binding | undefined;
}

export type NodeVisitor = (node: Node, parent: Node | null, key: string | null, context: RuleContext) => void;

/**
 * A family of rules (one file each). Visitors are keyed by node type so that one walk of the
 * tree serves every family; `program` sees the whole module once, for module-level checks.
 */
export interface RuleFamily {
  readonly rules: readonly RuleInfo[];
  readonly visitors: Readonly<Partial<Record<Node['type'], NodeVisitor>>>;
  readonly program?: (program: Program, context: RuleContext) => void;
}
