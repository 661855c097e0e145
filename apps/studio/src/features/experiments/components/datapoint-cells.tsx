import type { ReactNode } from 'react';
import type { ChatMessage, DatapointInputs } from '@model-garden/contracts/browser';

interface DatapointLike {
  inputs: DatapointInputs;
  messages: ChatMessage[] | null;
  expectedOutput: string | null;
}

export interface DatapointHeader {
  key: string;
  label: string;
}

/** The columns a list of datapoints needs: one per input variable, then messages and expected output when any has them. */
export function datapointHeaders(rows: readonly DatapointLike[]): DatapointHeader[] {
  const inputs = [...new Set(rows.flatMap((r) => Object.keys(r.inputs)))].sort();
  const headers = inputs.map((name) => ({ key: `input:${name}`, label: name }));
  if (rows.some((r) => r.messages && r.messages.length > 0)) headers.push({ key: 'messages', label: 'Messages' });
  if (rows.some((r) => r.expectedOutput !== null)) headers.push({ key: 'expected', label: 'Expected output' });
  return headers;
}

export const inputText = (value: DatapointInputs[string] | undefined): string => (value === undefined || value === null ? '' : String(value));

/** The cells of one datapoint for the given headers, long text clipped (the full text in its title). */
export function DatapointCells({ datapoint, headers }: { datapoint: DatapointLike; headers: readonly DatapointHeader[] }): ReactNode {
  return (
    <>
      {headers.map((h) => {
        const text = h.key === 'messages' ? (datapoint.messages ?? []).map((m) => `${m.role}: ${m.content}`).join('\n') : h.key === 'expected' ? (datapoint.expectedOutput ?? '') : inputText(datapoint.inputs[h.key.slice('input:'.length)]);
        return (
          <td key={h.key} className="clip small" title={text}>
            {text}
          </td>
        );
      })}
    </>
  );
}
