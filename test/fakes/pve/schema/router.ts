import type { ApiNode, MethodInfo } from './loadSchema'

export interface RouteMatch {
  /** The schema path, e.g. `/nodes/{node}/lxc/{vmid}/status/start`. */
  template: string
  info: MethodInfo
  /** Values of the `{name}` segments, URL-decoded. */
  uriParams: Record<string, string>
}

interface TrieNode {
  literal: Map<string, TrieNode>
  param?: { name: string; child: TrieNode }
  template?: string
  methods?: Record<string, MethodInfo>
}

function emptyNode(): TrieNode {
  return { literal: new Map() }
}

/** Maps request paths to schema methods the way PVE's RESTHandler does: literal segments win over `{param}`. */
export class ApiRouter {
  private readonly root = emptyNode()

  constructor(tree: ApiNode[]) {
    const visit = (apiNode: ApiNode): void => {
      this.insert(apiNode)
      for (const child of apiNode.children ?? []) visit(child)
    }
    for (const apiNode of tree) visit(apiNode)
  }

  private insert(apiNode: ApiNode): void {
    let trieNode = this.root
    for (const segment of apiNode.path.split('/').filter(Boolean)) {
      const param = /^\{(\w+)\}$/.exec(segment)
      if (param) {
        trieNode.param ??= { name: param[1]!, child: emptyNode() }
        trieNode = trieNode.param.child
      } else {
        let next = trieNode.literal.get(segment)
        if (!next) {
          next = emptyNode()
          trieNode.literal.set(segment, next)
        }
        trieNode = next
      }
    }
    trieNode.template = apiNode.path
    trieNode.methods = apiNode.info
  }

  /** `relativePath` is still URL-encoded, so an encoded `/` inside a UPID or volume id stays one segment. */
  match(method: string, relativePath: string): RouteMatch | undefined {
    const segments = relativePath.split('/').filter(Boolean).map((segment) => decodeSegment(segment))
    const found = this.walk(this.root, segments, 0, {})
    const info = found?.trieNode.methods?.[method]
    if (!found || !info || !found.trieNode.template) return undefined
    return { template: found.trieNode.template, info, uriParams: found.uriParams }
  }

  private walk(
    trieNode: TrieNode,
    segments: string[],
    index: number,
    uriParams: Record<string, string>,
  ): { trieNode: TrieNode; uriParams: Record<string, string> } | undefined {
    if (index === segments.length) return trieNode.methods ? { trieNode, uriParams } : undefined
    const segment = segments[index]!
    const literal = trieNode.literal.get(segment)
    const viaLiteral = literal ? this.walk(literal, segments, index + 1, uriParams) : undefined
    if (viaLiteral) return viaLiteral
    if (!trieNode.param) return undefined
    return this.walk(trieNode.param.child, segments, index + 1, { ...uriParams, [trieNode.param.name]: segment })
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
