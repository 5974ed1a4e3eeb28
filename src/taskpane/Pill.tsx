/**
 * A small status badge ("live", "stale") drawn with Fluent's tokens. Fluent's Badge would do
 * the same, but its styles for every color × appearance cost ~3 KB gzip, and the task pane
 * needs three looks. The text is the information; color only repeats it.
 */
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  pill: {
    display: "inline-flex",
    alignItems: "center",
    height: "16px",
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusCircular,
    fontSize: tokens.fontSizeBase100,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase100,
    border: `${tokens.strokeWidthThin} solid transparent`,
  },
  success: {
    backgroundColor: tokens.colorPaletteGreenBackground1,
    color: tokens.colorPaletteGreenForeground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder1}`,
  },
  informative: {
    backgroundColor: tokens.colorNeutralBackground4,
    color: tokens.colorNeutralForeground2,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  warning: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3, color: tokens.colorNeutralForegroundOnBrand },
});

export function Pill(props: { color: "success" | "informative" | "warning"; children: string }): JSX.Element {
  const styles = useStyles();
  return <span className={mergeClasses(styles.pill, styles[props.color])}>{props.children}</span>;
}
