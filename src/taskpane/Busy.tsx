/**
 * Work in progress, with what it is: a ring in the brand colour turning beside its label,
 * with the semantics of Fluent's Spinner (an indeterminate progressbar named by the visible
 * label). Drawn here with Fluent's tokens because Fluent's Spinner and the Label it renders
 * cost ~2 KB gzip of the pane's 120 KB first load, which shows one whenever a panel loads or
 * a refresh runs. Sizes as Fluent's: tiny 20 px, small 28 px, 2 px ring. With reduced motion
 * asked for, the ring turns slowly instead of stopping, so the work still reads as running.
 */
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { useId } from "react";

const useStyles = makeStyles({
  root: {
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  ring: {
    flex: "0 0 auto",
    boxSizing: "border-box",
    borderRadius: tokens.borderRadiusCircular,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke2}`,
    borderTopColor: tokens.colorBrandStroke1,
    animationName: { from: { transform: "rotate(0deg)" }, to: { transform: "rotate(360deg)" } },
    animationDuration: "1s",
    animationTimingFunction: "linear",
    animationIterationCount: "infinite",
    "@media (prefers-reduced-motion: reduce)": { animationDuration: "3s" },
  },
  tiny: { width: "20px", height: "20px" },
  small: { width: "28px", height: "28px" },
  label: {
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
    overflowWrap: "break-word",
    minWidth: 0,
  },
});

export function Busy(props: { label: string; size?: "tiny" | "small" }): JSX.Element {
  const styles = useStyles();
  const labelId = useId();
  return (
    <div className={styles.root} role="progressbar" aria-labelledby={labelId}>
      <span className={mergeClasses(styles.ring, styles[props.size ?? "small"])} aria-hidden="true" />
      <span id={labelId} className={styles.label}>
        {props.label}
      </span>
    </div>
  );
}
