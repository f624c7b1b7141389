import { describe, expect, it } from 'vitest';
import { CLOSED, comboboxReducer, type ComboboxState } from './combobox-keys.js';

const down = (count: number, altKey = false) => ({ type: 'key', key: 'ArrowDown', count, altKey }) as const;
const up = (count: number) => ({ type: 'key', key: 'ArrowUp', count }) as const;

function press(state: ComboboxState, ...actions: Parameters<typeof comboboxReducer>[1][]): ComboboxState {
  return actions.reduce(comboboxReducer, state);
}

describe('combobox keys', () => {
  it('opens with nothing chosen while the user types', () => {
    expect(comboboxReducer(CLOSED, { type: 'typed' })).toEqual({ open: true, active: -1 });
    expect(comboboxReducer({ open: true, active: 2 }, { type: 'typed' })).toEqual({ open: true, active: -1 });
  });

  it('walks down the options and wraps from the last to the first', () => {
    const open = comboboxReducer(CLOSED, { type: 'typed' });
    expect(press(open, down(3))).toEqual({ open: true, active: 0 });
    expect(press(open, down(3), down(3), down(3))).toEqual({ open: true, active: 2 });
    expect(press(open, down(3), down(3), down(3), down(3))).toEqual({ open: true, active: 0 });
  });

  it('walks up and wraps from the first (or from none) to the last', () => {
    const open = comboboxReducer(CLOSED, { type: 'typed' });
    expect(press(open, up(3))).toEqual({ open: true, active: 2 });
    expect(press(open, down(3), up(3))).toEqual({ open: true, active: 2 });
    expect(press(open, down(3), down(3), up(3))).toEqual({ open: true, active: 0 });
  });

  it('opens a closed list on Down at the first option, on Up at the last', () => {
    expect(comboboxReducer(CLOSED, down(4))).toEqual({ open: true, active: 0 });
    expect(comboboxReducer(CLOSED, up(4))).toEqual({ open: true, active: 3 });
  });

  it('only opens on Alt+Down, choosing nothing', () => {
    expect(comboboxReducer(CLOSED, down(4, true))).toEqual({ open: true, active: -1 });
    expect(comboboxReducer({ open: true, active: 1 }, down(4, true))).toEqual({ open: true, active: 1 });
  });

  it('chooses nothing when there is nothing to choose', () => {
    expect(comboboxReducer(CLOSED, down(0))).toEqual({ open: true, active: -1 });
    expect(comboboxReducer({ open: true, active: -1 }, up(0))).toEqual({ open: true, active: -1 });
  });

  it('forgets the active option when new suggestions arrive, and on close', () => {
    expect(comboboxReducer({ open: true, active: 2 }, { type: 'results' })).toEqual({ open: true, active: -1 });
    expect(comboboxReducer({ open: true, active: 2 }, { type: 'close' })).toEqual(CLOSED);
  });
});
