import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH } from '../../lib/url-state.js';
import { isPostcodeLike, nearFromSearch, nearToPlace, splitNear } from './near-field.js';

describe('the Near field', () => {
  it('knows full and partial postcodes, in any case and spacing', () => {
    for (const text of ['M1', 'm1', 'GL51', 'SW1A', 'GL1 2', 'GL1 2TG', 'gl12tg', 'SW1A 1AA', ' E1 6AN ']) {
      expect(isPostcodeLike(text), text).toBe(true);
    }
  });

  it('takes names and GSS codes for areas, not postcodes', () => {
    for (const text of ['Sheffield', 'Sheffield 001A', 'E05011234', 'E08000019', 'Bath', 'M1 station']) {
      expect(isPostcodeLike(text), text).toBe(false);
    }
  });

  it('sends a postcode as a postcode and other words as an area', () => {
    expect(nearToPlace({ text: ' GL1 2TG ', area: null })).toEqual({ place: 'GL1 2TG', area: '' });
    expect(nearToPlace({ text: 'Sheffield', area: null })).toEqual({ place: '', area: 'Sheffield' });
    expect(nearToPlace({ text: '  ', area: null })).toEqual({ place: '', area: '' });
  });

  it('sends a chosen area by its code while the field still shows its name', () => {
    const area = { code: 'E05011234', label: 'Newtown' };
    expect(nearToPlace({ text: 'Newtown', area })).toEqual({ place: '', area: 'E05011234' });
    // Edited since: the words are what counts.
    expect(nearToPlace({ text: 'Newtow', area })).toEqual({ place: '', area: 'Newtow' });
  });

  it('shows an area from the address by the name the search resolved it to', () => {
    const search = { ...EMPTY_SEARCH, area: 'E05011234' };
    expect(nearFromSearch(search)).toEqual({ text: 'E05011234', area: null });
    const resolved = { code: 'E05011234', label: 'Newtown' };
    expect(nearFromSearch(search, resolved)).toEqual({ text: 'Newtown', area: resolved });
    expect(nearFromSearch(search, { code: 'E05000001', label: 'Elsewhere' })).toEqual({ text: 'E05011234', area: null });
    expect(nearFromSearch({ ...EMPTY_SEARCH, place: 'M1' })).toEqual({ text: 'M1', area: null });
  });

  it('reads "<what> near <postcode or place>" typed in the words box as words and a place', () => {
    expect(splitNear('cafe near S1 2HE')).toEqual({ what: 'cafe', near: 'S1 2HE' });
    expect(splitNear('near S1 2HE')).toEqual({ what: '', near: 'S1 2HE' });
    expect(splitNear('  Food bank NEAR  gl1 2tg. ')).toEqual({ what: 'Food bank', near: 'gl1 2tg' });
    expect(splitNear('warm space near to Sheffield')).toEqual({ what: 'warm space', near: 'Sheffield' });
    // The place goes where the Near field's would: a postcode as a postcode, a name as an area.
    expect(nearToPlace({ text: splitNear('cafe near S1 2HE')!.near, area: null })).toEqual({ place: 'S1 2HE', area: '' });
    expect(nearToPlace({ text: splitNear('youth club near Gloucester')!.near, area: null })).toEqual({ place: '', area: 'Gloucester' });
  });

  it('leaves words that name no place alone', () => {
    for (const words of ['cafe', 'cafe near me', 'food bank near here', 'nearly new shop', 'near', 'cafe near', 'Nearby help']) {
      expect(splitNear(words), words).toBeNull();
    }
  });
});
