import { EXPORT_MAX_ASSETS } from '@common-ground/schema';
import { formatCount } from '../../lib/format.js';
import type { SearchState } from '../../lib/url-state.js';
import { exportLinks } from './export-links.js';

/**
 * "Export these results": every result of the search on screen (not only the pages shown)
 * as CSV, GeoJSON or Open Referral JSON. A disclosure (native details/summary), so it is
 * reachable and operable from the keyboard and announced as expandable.
 */
export function ExportMenu({ search, total }: { search: SearchState; total: number }) {
  const links = exportLinks(search, total);
  return (
    <details className="export-menu" data-testid="export-menu">
      <summary className="export-menu__summary">Export {total === 1 ? 'this result' : `these ${formatCount(total)} results`}</summary>
      {links.length > 0 ? (
        <ul className="export-menu__links" aria-label="Export formats">
          {links.map((link) => (
            <li key={link.format}>
              <a href={link.href} download data-testid={`export-${link.format}`}>
                {link.label}
              </a>{' '}
              <span className="small muted">{link.detail}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="small">One export holds at most {formatCount(EXPORT_MAX_ASSETS)} assets: narrow the search first.</p>
      )}
      <p className="export-menu__licence small muted">
        Each row carries its licence and attribution. Includes OpenStreetMap data © OpenStreetMap contributors, ODbL 1.0 – share-alike, where the results draw
        on it.
      </p>
    </details>
  );
}
