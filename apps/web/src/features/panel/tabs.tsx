import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabsProps<T extends string> {
  /** What the tabs choose between, for screen readers. */
  label: string;
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
  panelClassName?: string;
  /** The selected tab's panel. */
  children: ReactNode;
}

/**
 * ARIA tabs (WAI-ARIA Authoring Practices): one tab stop for the list, arrow keys move
 * between tabs (wrapping), Home and End go to the first and last, and choosing a tab
 * shows its panel at once.
 */
export function Tabs<T extends string>({ label, tabs, selected, onSelect, panelClassName, children }: TabsProps<T>) {
  const id = useId();
  const listRef = useRef<HTMLDivElement>(null);

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const at = tabs.findIndex((t) => t.id === selected);
    const target =
      event.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (at - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : null;
    if (target === null) return;
    event.preventDefault();
    onSelect(tabs[target]!.id);
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus());
  }

  return (
    <>
      <div ref={listRef} role="tablist" aria-label={label} className="tabs">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${id}-${tab.id}-tab`}
            aria-selected={selected === tab.id}
            aria-controls={`${id}-${tab.id}-panel`}
            tabIndex={selected === tab.id ? 0 : -1}
            className="tabs__tab"
            onClick={() => onSelect(tab.id)}
            onKeyDown={onKeyDown}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-${selected}-panel`}
        aria-labelledby={`${id}-${selected}-tab`}
        className={panelClassName ? `tabs__panel ${panelClassName}` : 'tabs__panel'}
      >
        {children}
      </div>
    </>
  );
}
