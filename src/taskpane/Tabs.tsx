/**
 * An accessible tab list (WAI-ARIA Authoring Practices, tabs with automatic activation):
 * role="tablist" of role="tab" buttons, the selected one in the Tab order (roving tabindex),
 * Left/Right (and Up/Down) move to and select the previous/next tab, Home/End the first/last.
 * Built on Fluent's Button and tokens rather than TabList: TabList brings the tabster
 * focus library (~22 KB gzip), which the task pane's bundle budget cannot afford.
 */
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { useRef, type KeyboardEvent } from "react";

const useStyles = makeStyles({
  list: {
    display: "flex",
    flexWrap: "wrap",
    gap: 0,
  },
  tab: {
    minWidth: "auto",
    paddingLeft: tokens.spacingHorizontalS,
    paddingRight: tokens.spacingHorizontalS,
    borderRadius: 0,
    borderBottom: `${tokens.strokeWidthThicker} solid transparent`,
    fontWeight: tokens.fontWeightRegular,
  },
  selected: {
    borderBottom: `${tokens.strokeWidthThicker} solid ${tokens.colorCompoundBrandStroke}`,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export interface TabItem<T extends string> {
  readonly id: T;
  readonly label: string;
}

export function Tabs<T extends string>(props: {
  tabs: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** Id prefix: tab `${idBase}-tab-${id}` controls panel `${idBase}-panel-${id}`. */
  idBase: string;
  label: string;
}): JSX.Element {
  const styles = useStyles();
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});
  const { tabs, selected, onSelect } = props;

  const move = (to: number): void => {
    const n = tabs.length;
    const tab = tabs[((to % n) + n) % n];
    onSelect(tab.id);
    refs.current[tab.id]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const at = tabs.findIndex((t) => t.id === selected);
    switch (e.key) {
      case "ArrowRight":
      case "ArrowDown":
        move(at + 1);
        break;
      case "ArrowLeft":
      case "ArrowUp":
        move(at - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(tabs.length - 1);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div role="tablist" aria-label={props.label} className={styles.list} onKeyDown={onKeyDown}>
      {tabs.map((t) => {
        const isSelected = t.id === selected;
        return (
          <Button
            key={t.id}
            ref={(el: HTMLButtonElement | null) => {
              refs.current[t.id] = el;
            }}
            role="tab"
            id={`${props.idBase}-tab-${t.id}`}
            aria-selected={isSelected}
            aria-controls={`${props.idBase}-panel-${t.id}`}
            tabIndex={isSelected ? 0 : -1}
            appearance="subtle"
            size="small"
            className={mergeClasses(styles.tab, isSelected && styles.selected)}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </Button>
        );
      })}
    </div>
  );
}
