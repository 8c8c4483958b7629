import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK as Elk, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphState, GraphTransition, MachineGraph } from './graph.ts';

/**
 * Positions a machine graph with ELK (layered, nested states laid out inside their
 * parents), in-process and offline. The layout depends only on the definition, so it is
 * computed once per kind.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedState extends Box {
  state: GraphState;
  /** Targetless transitions, written inside the box ("EVENT [guard] / action"). */
  notes: string[];
  depth: number;
}

export interface PlacedEdge {
  transition: GraphTransition | null;
  points: { x: number; y: number }[];
  label: string;
  labelBox: Box | null;
}

export interface Layout {
  width: number;
  height: number;
  states: PlacedState[];
  /** Initial-state dots. */
  dots: Box[];
  edges: PlacedEdge[];
}

// A CommonJS module whose typings describe an ES default export.
const ELK = ElkBundled as unknown as new () => Elk;

const CHAR_WIDTH = 7.3;
const LINE_HEIGHT = 15;
const HEADER = 24;
const DOT = 10;

const textWidth = (text: string) => Math.ceil(text.length * CHAR_WIDTH) + 8;

export function transitionLabel(t: GraphTransition): string {
  const guard = t.guard ? ` [${t.guard}]` : '';
  return `${t.event}${guard}`;
}

function noteOf(t: GraphTransition): string {
  const actions = t.actions.filter((a) => a !== 'xstate.assign' && a !== 'inline');
  return `${transitionLabel(t)}${actions.length ? ` / ${actions.join(', ')}` : ''}`;
}

function entryLines(state: GraphState): string[] {
  const lines = state.effects.length ? [`entry / ${state.effects.join(', ')}`] : [];
  if (state.timers.length) lines.push(`timer: ${state.timers.join(', ')}`);
  return lines;
}

const dotId = (parent: string) => `${parent}#initial`;

function elkNode(graph: MachineGraph, state: GraphState, notes: Map<string, string[]>): ElkNode {
  const children = graph.states.filter((s) => s.parent === state.id);
  const lines = [...entryLines(state), ...(notes.get(state.id) ?? [])];
  const width = Math.max(textWidth(state.key) + 16, ...lines.map(textWidth), 90);
  const node: ElkNode = {
    id: state.id,
    labels: [{ text: state.key, width: textWidth(state.key), height: LINE_HEIGHT }],
  };
  if (children.length === 0) {
    node.width = width;
    node.height = HEADER + lines.length * LINE_HEIGHT + 8;
    return node;
  }
  node.children = children.map((c) => elkNode(graph, c, notes));
  if (state.initial) node.children.unshift({ id: dotId(state.id), width: DOT, height: DOT });
  node.layoutOptions = {
    'elk.padding': `[top=${HEADER + lines.length * LINE_HEIGHT + 8},left=12,bottom=12,right=12]`,
  };
  return node;
}

function edgesOf(graph: MachineGraph): ElkExtendedEdge[] {
  const edges: ElkExtendedEdge[] = [];
  for (const state of graph.states) {
    if (state.initial && graph.states.some((s) => s.parent === state.id))
      edges.push({ id: `init:${state.id}`, sources: [dotId(state.id)], targets: [state.initial] });
  }
  graph.transitions.forEach((t, index) => {
    for (const target of t.targets) {
      const text = transitionLabel(t);
      edges.push({
        id: `t${index}:${target}`,
        sources: [t.source],
        targets: [target],
        labels: [{ text, width: textWidth(text), height: LINE_HEIGHT }],
      });
    }
  });
  return edges;
}

function absolute(node: ElkNode, dx: number, dy: number, into: Map<string, Box>): void {
  const x = dx + (node.x ?? 0);
  const y = dy + (node.y ?? 0);
  into.set(node.id, { x, y, width: node.width ?? 0, height: node.height ?? 0 });
  for (const child of node.children ?? []) absolute(child, x, y, into);
}

export async function layoutGraph(graph: MachineGraph): Promise<Layout> {
  const notes = new Map<string, string[]>();
  for (const t of graph.transitions) {
    if (t.targets.length === 0) notes.set(t.source, [...(notes.get(t.source) ?? []), noteOf(t)]);
  }
  const root = graph.states.find((s) => s.parent === null);
  if (!root) throw new Error(`machine "${graph.kind}" has no root state`);
  const elk = new ELK();
  const result: ElkNode = await elk.layout({
    id: 'canvas',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '30',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false',
      'elk.padding': '[top=10,left=10,bottom=10,right=10]',
    },
    children: [elkNode(graph, root, notes)],
    edges: edgesOf(graph),
  });
  const boxes = new Map<string, Box>();
  absolute(result, -(result.x ?? 0), -(result.y ?? 0), boxes);
  const depthOf = (s: GraphState): number => {
    let depth = 0;
    for (let p = s.parent; p; p = graph.states.find((x) => x.id === p)?.parent ?? null) depth++;
    return depth;
  };
  const states: PlacedState[] = graph.states.flatMap((state) => {
    const box = boxes.get(state.id);
    return box
      ? [
          {
            ...box,
            state,
            notes: [...entryLines(state), ...(notes.get(state.id) ?? [])],
            depth: depthOf(state),
          },
        ]
      : [];
  });
  const dots = graph.states.flatMap((s) => boxes.get(dotId(s.id)) ?? []);
  const edges = (result.edges ?? []).map((edge: ElkExtendedEdge) =>
    placeEdge(graph, edge as ElkEdgeOut, boxes),
  );
  return { width: result.width ?? 0, height: result.height ?? 0, states, dots, edges };
}

interface ElkEdgeOut extends ElkExtendedEdge {
  container?: string;
}

function placeEdge(graph: MachineGraph, edge: ElkEdgeOut, boxes: Map<string, Box>): PlacedEdge {
  // ELK gives edge coordinates relative to the edge's container node.
  const origin = (edge.container && boxes.get(edge.container)) || { x: 0, y: 0 };
  const points = (edge.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
  const label = edge.labels?.[0];
  const index = edge.id.startsWith('t') ? Number(edge.id.slice(1, edge.id.indexOf(':'))) : -1;
  return {
    transition: graph.transitions[index] ?? null,
    points: points.map((p) => ({ x: p.x + origin.x, y: p.y + origin.y })),
    label: label?.text ?? '',
    labelBox:
      label && label.x !== undefined && label.y !== undefined
        ? {
            x: label.x + origin.x,
            y: label.y + origin.y,
            width: label.width ?? 0,
            height: label.height ?? 0,
          }
        : null,
  };
}
