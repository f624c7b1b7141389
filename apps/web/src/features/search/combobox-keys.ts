/**
 * The keyboard of a combobox whose suggestions show in a listbox (WAI-ARIA 1.2 combobox
 * pattern, "list autocomplete" without automatic selection). Focus stays in the text box;
 * `active` is the option shown as focused through aria-activedescendant, -1 for none.
 */
export interface ComboboxState {
  open: boolean;
  active: number;
}

export type ComboboxAction =
  /** The user typed or deleted: show suggestions for the new words, none of them chosen yet. */
  | { type: 'typed' }
  /** New suggestions arrived: whatever was active belonged to the old ones. */
  | { type: 'results' }
  | { type: 'key'; key: 'ArrowDown' | 'ArrowUp'; altKey?: boolean; count: number }
  | { type: 'close' };

export const CLOSED: ComboboxState = { open: false, active: -1 };

/**
 * The next state after an action. Down opens the list and walks it, wrapping from the last
 * option to the first; Up walks back, wrapping to the last; Alt+Down only opens it.
 * @example comboboxReducer(CLOSED, { type: 'key', key: 'ArrowDown', count: 3 }) // { open: true, active: 0 }
 */
export function comboboxReducer(state: ComboboxState, action: ComboboxAction): ComboboxState {
  switch (action.type) {
    case 'typed':
      return { open: true, active: -1 };
    case 'results':
      return { ...state, active: -1 };
    case 'close':
      return CLOSED;
    case 'key': {
      const { count, key, altKey = false } = action;
      if (count === 0) return { open: true, active: -1 };
      if (altKey) return { open: true, active: state.open ? state.active : -1 };
      if (!state.open) return { open: true, active: key === 'ArrowDown' ? 0 : count - 1 };
      if (key === 'ArrowDown') return { open: true, active: state.active + 1 >= count ? 0 : state.active + 1 };
      return { open: true, active: state.active <= 0 ? count - 1 : state.active - 1 };
    }
  }
}
