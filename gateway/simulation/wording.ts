/** How a simulation report names decisions, their moves and what a call reached: the same words in the terminal and the HTML page. */
import type { Decision } from '../config/types.js';
import type { SimulatedCall, TransitionCount } from './report.js';

const NOW: Readonly<Record<Decision, string>> = { allow: 'allowed now', deny: 'denied now', approval: 'held for approval now' };
const DRAFT: Readonly<Record<Decision, string>> = {
  allow: 'allowed by the draft',
  deny: 'denied by the draft',
  approval: 'held for approval by the draft',
};

export function transitionText(transition: Pick<TransitionCount, 'from' | 'to'>): string {
  return `${NOW[transition.from]}, ${DRAFT[transition.to]}`;
}

export function targetText(call: SimulatedCall): string {
  const { target } = call;
  const facts = [
    target.stream ? 'run socket' : undefined,
    target.model ? `model ${target.model}` : undefined,
    target.codeExecution ? 'executes code' : undefined,
  ]
    .filter((fact) => fact !== undefined)
    .join(', ');
  return `${target.kind} ${target.name}${facts ? ` (${facts})` : ''}`;
}
