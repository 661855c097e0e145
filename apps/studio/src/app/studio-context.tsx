import { createContext, useContext } from 'react';
import type { RegistryClient } from '../api/registry-client';
import type { StudioConfig } from '../lib/studio-config';

export type NoticeTone = 'success' | 'info' | 'error';

export interface StudioContextValue {
  client: RegistryClient;
  config: StudioConfig;
  /** The workspace key itself, for the playground's calls of the gateway (never shown or logged). */
  apiKey: string;
  /** The public prefix of the workspace key in use. */
  keyHint: string;
  signOut: (reason?: string) => void;
  /** A short message in the page's status region. */
  notify: (message: string, tone?: NoticeTone) => void;
}

export const StudioContext = createContext<StudioContextValue | null>(null);

export function useStudio(): StudioContextValue {
  const value = useContext(StudioContext);
  if (!value) throw new Error('useStudio() outside <StudioContext.Provider>');
  return value;
}
