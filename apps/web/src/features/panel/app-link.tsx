import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../../lib/use-location.js';

/**
 * A link to one of the app's own pages: a plain click changes the page without reloading;
 * a modified click (new tab, new window) is left to the browser.
 */
export function AppLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  function click(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  }
  return <a href={href} onClick={click} {...rest} />;
}
