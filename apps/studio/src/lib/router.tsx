import { type AnchorHTMLAttributes, type ReactNode, useMemo, useSyncExternalStore } from 'react';
import { type Location, parseHash } from './routes';

export { type Location, type Route, matchRoute, parseHash, paths } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = (): string => window.location.hash;

/** The current location; re-renders on every hash change. */
export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  return useMemo(() => parseHash(hash), [hash]);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const hash = `#${to}`;
  if (options.replace) {
    window.history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = to;
  }
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** A real link (opens in a new tab, keyboard and screen reader friendly) to a studio route. */
export function Link({ to, children, ...rest }: LinkProps): ReactNode {
  return (
    <a href={`#${to}`} {...rest}>
      {children}
    </a>
  );
}
