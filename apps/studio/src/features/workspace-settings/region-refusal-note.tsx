import type { ReactNode } from 'react';
import { Link, paths } from '../../lib/router';
import { regionRefusalInWords } from './region-policy';

/** Under a refusal: what a region refusal means and what to do, in plain words (nothing for any other message). */
export function RegionRefusalNote({ message }: { message: string | null | undefined }): ReactNode {
  const words = regionRefusalInWords(message);
  if (!words) return null;
  return (
    <p className="field__hint" data-testid="region-refusal">
      {words} <Link to={paths.settings()}>Open Settings</Link>
    </p>
  );
}
