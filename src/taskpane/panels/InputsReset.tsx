/**
 * "Reset this sheet to the add-in's values…" on the Market panel, shown once a write of the
 * Inputs sheet kept cells the user had changed (a chunk of its own, off the first load). It
 * asks first, naming the cells; "Reset the sheet" calls `onReset` (the writer with every block
 * in `resetBlocks`), "Keep my values" changes nothing.
 */
import { Button, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";

const useStyles = makeStyles({
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

export function InputsReset(props: {
  keptCells: readonly string[];
  disabled: boolean;
  onReset: () => void;
}): JSX.Element {
  const styles = useStyles();
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <div className={styles.actions}>
        <Button onClick={() => setConfirming(true)} disabled={props.disabled}>
          Reset this sheet to the add-in&apos;s values…
        </Button>
      </div>
    );
  return (
    <div role="group" aria-label="Confirm reset of the Inputs sheet" className={styles.actions}>
      <Caption1>
        Replace your values in {props.keptCells.join(", ")} with the add-in&apos;s formulas? Your other cells and rows
        stay.
      </Caption1>
      <Button
        appearance="primary"
        onClick={() => {
          setConfirming(false);
          props.onReset();
        }}
      >
        Reset the sheet
      </Button>
      <Button onClick={() => setConfirming(false)}>Keep my values</Button>
    </div>
  );
}
