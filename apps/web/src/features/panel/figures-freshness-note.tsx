import type { FiguresFreshness } from '@common-ground/schema';
import { freshnessText } from '../../lib/figures-freshness.js';

/** One plain line under figures saying how current they are (freshnessText). */
export function FiguresFreshnessNote({ freshness }: { freshness: FiguresFreshness }) {
  return (
    <p className="small muted" data-testid="figures-freshness">
      {freshnessText(freshness)}
    </p>
  );
}
