import { type ReactNode, useEffect, useState } from 'react';

/** Copies text to the clipboard and says so (to screen readers too). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }): ReactNode {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');

  useEffect(() => {
    if (copied === 'idle') return undefined;
    const id = window.setTimeout(() => setCopied('idle'), 2000);
    return () => window.clearTimeout(id);
  }, [copied]);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <span className="copy">
      <button type="button" className="button button--small" onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy__status small" role="status" aria-live="polite">
        {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Select the text and copy it by hand' : ''}
      </span>
    </span>
  );
}
