import type { Identifier, Node, Program } from '@babel/types';
import { forEachChild } from './ast-walker.ts';

export type BindingKind = 'var' | 'let' | 'const' | 'function' | 'class' | 'param' | 'catch' | 'import';

/** A name declared in the module, with the node that declared it and how often it is reassigned. */
export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** The declaring node: a VariableDeclarator, FunctionDeclaration, ClassDeclaration, ... */
  readonly declaration: Node;
  writes: number;
}

export interface ScopeAnalysis {
  /** Identifier nodes in reference position that no scope of the module binds. */
  readonly freeReferences: ReadonlySet<Identifier>;
  /** The binding each bound reference resolves to. */
  readonly resolved: ReadonlyMap<Identifier, Binding>;
  /** The bindings of the module's top-level scope. */
  readonly moduleBindings: ReadonlyMap<string, Binding>;
}

class Scope {
  readonly bindings = new Map<string, Binding>();
  constructor(
    readonly parent: Scope | null,
    readonly isFunction: boolean,
  ) {}

  /** The nearest function (or module) scope: where a `var` lands. */
  private functionScope(): Scope {
    return this.isFunction || !this.parent ? this : this.parent.functionScope();
  }

  declare(name: string, kind: BindingKind, declaration: Node): void {
    const target = kind === 'var' ? this.functionScope() : this;
    const existing = target.bindings.get(name);
    // A second `var` (or a var over a parameter) re-assigns the name: count it as a write, so
    // nothing downstream trusts the first declaration's value.
    if (existing) existing.writes += 1;
    else target.bindings.set(name, { name, kind, declaration, writes: 0 });
  }

  lookup(name: string): Binding | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }
}

interface Reference {
  readonly id: Identifier;
  readonly scope: Scope;
  readonly write: boolean;
}

/**
 * Works out which identifiers refer to globals. One pass records every declaration (with
 * `var` hoisted to its function and block-scoped names kept in their block) and every
 * reference with the scope it sits in; references are resolved after the pass, so hoisted
 * functions and names used before their declaration resolve like the engine resolves them.
 */
export function analyzeScopes(program: Program): ScopeAnalysis {
  const moduleScope = new Scope(null, true);
  const references: Reference[] = [];
  new ScopeBuilder(references).statements(program.body, moduleScope);
  const freeReferences = new Set<Identifier>();
  const resolved = new Map<Identifier, Binding>();
  for (const reference of references) {
    const binding = reference.scope.lookup(reference.id.name);
    if (!binding) {
      freeReferences.add(reference.id);
      continue;
    }
    resolved.set(reference.id, binding);
    if (reference.write) binding.writes += 1;
  }
  return { freeReferences, resolved, moduleBindings: moduleScope.bindings };
}

// The walker reads each node type's child keys by name; Babel's union of node types has no common index.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = Node & Record<string, any>;

class ScopeBuilder {
  constructor(private readonly references: Reference[]) {}

  statements(body: readonly Node[], scope: Scope): void {
    for (const statement of body) this.visit(statement, scope);
  }

  private reference(id: Identifier, scope: Scope, write: boolean): void {
    this.references.push({ id, scope, write });
  }

  /** Visits a node in expression or statement position. */
  visit(node: Node | null | undefined, scope: Scope): void {
    if (!node) return;
    const n = node as AnyNode;
    switch (node.type) {
      case 'Identifier':
        this.reference(node, scope, false);
        return;
      case 'ImportDeclaration':
        for (const specifier of node.specifiers) scope.declare(specifier.local.name, 'import', specifier);
        return;
      case 'ExportAllDeclaration':
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) this.visit(node.declaration, scope);
        else if (!node.source) {
          for (const specifier of node.specifiers) {
            if (specifier.type === 'ExportSpecifier' && specifier.local.type === 'Identifier') {
              this.reference(specifier.local, scope, false);
            }
          }
        }
        return;
      case 'VariableDeclaration':
        for (const declarator of node.declarations) {
          this.declarePattern(
            declarator.id,
            node.kind === 'var' ? 'var' : node.kind === 'const' ? 'const' : 'let',
            declarator,
            scope,
          );
          this.pattern(declarator.id, scope, false);
          this.visit(declarator.init, scope);
        }
        return;
      case 'FunctionDeclaration':
        if (node.id) scope.declare(node.id.name, 'function', node);
        this.fn(n, scope);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.fn(n, scope);
        return;
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
        if (n.computed) this.visit(n.key, scope);
        this.fn(n, scope);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        if (node.type === 'ClassDeclaration' && node.id) scope.declare(node.id.name, 'class', node);
        const classScope = new Scope(scope, false);
        if (node.id) classScope.declare(node.id.name, 'class', node);
        this.visit(node.superClass, scope);
        for (const member of node.body.body) this.visit(member, classScope);
        return;
      }
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'ClassAccessorProperty':
        if (n.computed) this.visit(n.key, scope);
        this.visit(n.value, new Scope(scope, true));
        return;
      case 'StaticBlock':
        this.statements(node.body, new Scope(scope, true));
        return;
      case 'BlockStatement':
        this.statements(node.body, new Scope(scope, false));
        return;
      case 'ForStatement': {
        const loopScope = new Scope(scope, false);
        this.visit(node.init, loopScope);
        this.visit(node.test, loopScope);
        this.visit(node.update, loopScope);
        this.visit(node.body, loopScope);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const loopScope = new Scope(scope, false);
        if (node.left.type === 'VariableDeclaration') this.visit(node.left, loopScope);
        else this.pattern(node.left, loopScope, true);
        this.visit(node.right, loopScope);
        this.visit(node.body, loopScope);
        return;
      }
      case 'CatchClause': {
        const catchScope = new Scope(scope, false);
        if (node.param) {
          this.declarePattern(node.param, 'catch', node, catchScope);
          this.pattern(node.param, catchScope, false);
        }
        this.statements(node.body.body, catchScope);
        return;
      }
      case 'SwitchStatement': {
        this.visit(node.discriminant, scope);
        const casesScope = new Scope(scope, false);
        for (const switchCase of node.cases) {
          this.visit(switchCase.test, casesScope);
          this.statements(switchCase.consequent, casesScope);
        }
        return;
      }
      case 'AssignmentExpression':
        this.pattern(node.left, scope, true);
        this.visit(node.right, scope);
        return;
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') this.reference(node.argument, scope, true);
        else this.visit(node.argument, scope);
        return;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        this.visit(node.object, scope);
        if (node.computed) this.visit(node.property, scope);
        return;
      case 'ObjectProperty':
        if (node.computed) this.visit(node.key, scope);
        this.visit(node.value, scope);
        return;
      case 'LabeledStatement':
        this.visit(node.body, scope);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'PrivateName':
        return;
      default:
        forEachChild(node, (child) => this.visit(child, scope));
    }
  }

  /** Functions, arrows and methods: a new var scope holding the name (expressions) and the parameters. */
  private fn(node: AnyNode, scope: Scope): void {
    const fnScope = new Scope(scope, true);
    if (node.type === 'FunctionExpression' && node.id) fnScope.declare(node.id.name, 'function', node);
    for (const param of node.params as Node[]) {
      this.declarePattern(param, 'param', node, fnScope);
      this.pattern(param, fnScope, false);
    }
    const body = node.body as Node;
    if (body.type === 'BlockStatement') this.statements(body.body, fnScope);
    else this.visit(body, fnScope);
  }

  /** Declares every name a binding pattern introduces. */
  private declarePattern(pattern: Node, kind: BindingKind, declaration: Node, scope: Scope): void {
    switch (pattern.type) {
      case 'Identifier':
        scope.declare(pattern.name, kind, declaration);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          this.declarePattern(
            property.type === 'RestElement' ? property.argument : (property.value as Node),
            kind,
            declaration,
            scope,
          );
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.declarePattern(element, kind, declaration, scope);
        return;
      case 'AssignmentPattern':
        this.declarePattern(pattern.left, kind, declaration, scope);
        return;
      case 'RestElement':
        this.declarePattern(pattern.argument, kind, declaration, scope);
        return;
      default:
        return;
    }
  }

  /**
   * Visits the expressions inside a pattern (defaults, computed keys, member targets).
   * Identifiers in it are bindings, or, for assignment targets, written references.
   */
  private pattern(pattern: Node, scope: Scope, isAssignmentTarget: boolean): void {
    switch (pattern.type) {
      case 'Identifier':
        if (isAssignmentTarget) this.reference(pattern, scope, true);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') this.pattern(property.argument, scope, isAssignmentTarget);
          else {
            if (property.computed) this.visit(property.key, scope);
            this.pattern(property.value as Node, scope, isAssignmentTarget);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.pattern(element, scope, isAssignmentTarget);
        return;
      case 'AssignmentPattern':
        this.pattern(pattern.left, scope, isAssignmentTarget);
        this.visit(pattern.right, scope);
        return;
      case 'RestElement':
        this.pattern(pattern.argument, scope, isAssignmentTarget);
        return;
      default:
        this.visit(pattern, scope);
    }
  }
}
